"""The adjusters' review page: evidence crops, view models and server-rendered HTML."""
