"""The portal API and review page routers, for the app to mount:

    for router in review_routers.ROUTERS:
        app.include_router(router)
"""

from __future__ import annotations

from claimready.api import callbacks, decisions, portal, review_pages, uploads

ROUTERS = (portal.router, uploads.router, decisions.router, callbacks.router, review_pages.router)
