"""The task set: realistic requests to a support agent on the Front double's seeded workspace.

Acme Paper Co. (the double's seed): inboxes inb_2b0 (support email), inb_2b1 (SMS), inb_2b2
(custom); teammates Ava tea_1a0, Ben tea_1a1, Chloe tea_1a2, Dev tea_1a3; tags Billing tag_4d0,
Urgent tag_4d1, Bug tag_4d2, Refund tag_4d3, VIP tag_4d4; contacts Jane Doe crd_5e0
(jane.doe@globex.example, Globex account acc_6f0), Raj Kumar crd_5e1, Maria Garcia crd_5e2, Tom
Baker crd_5e3; conversations cnv_7g0 "Invoice #4521 charged twice" (Ava; Billing, Urgent),
cnv_7g1 "Can't log in to the portal" (unassigned; Bug), cnv_7g2 "Order status for PO-778"
(archived), cnv_7g3 SMS, cnv_7g4 "Refund request for damaged pallet" (snoozed), cnv_7g5 spam in
the trash. IDs in later steps are the ones a model read in earlier results.

Tasks naming tools that are planned but not yet registered are skipped by the runner until they
land (their names and arguments follow the tools' published schemas).
"""

from __future__ import annotations

from task_model import Task
from tasks_daily import DAILY
from tasks_edges import EDGES
from tasks_flows import FLOWS

TASKS: tuple[Task, ...] = (*DAILY, *FLOWS, *EDGES)
