"""Small synthetic text-layer claims for the service-mode tests and bench/service.py.

Four English documents (contract, invoice, bill of lading, dunning letter) and a claim.json,
drawn with reportlab. The service tests assert on states, counts and equality with the local
`verify`, never on specific fields, so these need only be plausible trade documents.
"""

from __future__ import annotations

import io
import json

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def pdf_bytes(lines: list[str], title: str) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=True)
    width, height = A4
    c.setFont("Helvetica-Bold", 16)
    c.drawString(60, height - 70, title)
    c.setFont("Helvetica", 11)
    for i, line in enumerate(lines):
        c.drawString(60, height - 110 - 18 * i, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def claim_files(n: int = 1, amount: str = "48,250.00") -> dict[str, bytes]:
    """The files of one claim, keyed by (meaningless) file name; `n` makes numbers unique."""
    contract, invoice, bl = f"SC-2025-{n:04d}", f"INV-2025-{n:04d}", f"COSU{6100000 + n}"
    seller, buyer = "Shenzhen Huaxin Machinery Co., Ltd.", "Rio Verde Importadora Ltda."
    files = {
        "scan_0001.pdf": pdf_bytes([f"Contract No.: {contract}", "Date: 2025-01-10", f"Seller: {seller}",
                                    f"Buyer: {buyer}", f"Total Amount: USD {amount}",
                                    "Payment terms: 60 days after B/L date", "Signed by both parties."],
                                   "SALES CONTRACT"),
        "scan_0002.pdf": pdf_bytes([f"Invoice No.: {invoice}", "Invoice Date: 2025-02-01", f"Seller: {seller}",
                                    f"Buyer: {buyer}", f"Contract No.: {contract}", f"Total: USD {amount}",
                                    "Payment terms: 60 days after B/L date", "Due Date: 2025-04-06"],
                                   "COMMERCIAL INVOICE"),
        "scan_0003.pdf": pdf_bytes([f"B/L No.: {bl}", f"Shipper: {seller}", "Consignee: TO ORDER",
                                    f"Notify Party: {buyer}", f"Invoice No.: {invoice}",
                                    "Port of Loading: Shenzhen", "Port of Discharge: Santos",
                                    "Shipped on board: 2025-02-05"], "BILL OF LADING"),
        "scan_0004.pdf": pdf_bytes(["Date: 2025-05-15", f"To: {buyer}", f"From: {seller}",
                                    f"Re: unpaid invoice {invoice}", f"Amount due: USD {amount}",
                                    "We demand payment of the overdue amount within 10 days."],
                                   "PAYMENT REMINDER"),
    }
    files["claim.json"] = json.dumps({"claim_id": f"CLM-2025-{n:04d}", "policy_number": "TCI-778812",
                                      "policyholder": seller, "buyer": buyer,
                                      "claimed_amount": amount.replace(",", ""), "currency": "USD",
                                      "overdue_notified_date": "2025-05-20",
                                      "filed_date": "2025-07-01"}).encode()
    return files
