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

from typing import Any

from task_model import Ref, Step, Task

CNV = "cnv_7g0"


def _conv(double: Any, conv_id: str) -> Any:
    return double.store.conversations[conv_id]


def _tags_are(conv_id: str, expected: set[str]) -> Any:
    def check(double: Any) -> str | None:
        tags = set(_conv(double, conv_id).tag_ids)
        return None if tags == expected else f"{conv_id} tags {sorted(tags)} != {sorted(expected)}"

    return check


def _assignee_is(conv_id: str, expected: str | None) -> Any:
    def check(double: Any) -> str | None:
        found = _conv(double, conv_id).assignee_id
        return None if found == expected else f"{conv_id} assignee {found} != {expected}"

    return check


def _state_is(conv_id: str, expected: str) -> Any:
    def check(double: Any) -> str | None:
        found = _conv(double, conv_id).state
        return None if found == expected else f"{conv_id} state {found} != {expected}"

    return check


TASKS: tuple[Task, ...] = (
    # ------------------------------------------------------------------ reads and searches
    Task(
        "read-whoami",
        "read",
        "Which Front company is this agent connected to?",
        (Step("front_whoami", {}),),
        hits=("api-token-details",),
    ),
    Task(
        "read-conversation",
        "read",
        "What's going on with the 'Invoice #4521 charged twice' conversation (cnv_7g0)?",
        (Step("front_get_conversation", {"conversation_id": CNV}),),
        hits=("get-conversation-by-id",),
    ),
    Task(
        "read-thread",
        "read",
        "Show me the actual emails in cnv_7g0, newest first.",
        (Step("front_list_conversation_messages", {"conversation_id": CNV, "limit": 10}),),
        hits=("list-conversation-messages",),
    ),
    Task(
        "read-inboxes",
        "read",
        "Which inboxes do we have?",
        (Step("front_list_inboxes", {}, says=("inb_2b0",)),),
        hits=("list-inboxes",),
    ),
    Task(
        "read-contact",
        "read",
        "Who is jane.doe@globex.example? Pull up her contact record.",
        (Step("front_find_contact", {"handle": "jane.doe@globex.example"}, says=("crd_5e0",)),),
        hits=("get-contact",),
    ),
    Task(
        "read-account",
        "read",
        "Tell me about the Globex account (globex.example).",
        (Step("front_get_account", {"account_id": "alt:domain:globex.example"}),),
        hits=("fetch-an-account",),
    ),
    Task(
        "search-urgent-open",
        "search",
        "Which open conversations are tagged Urgent?",
        (Step("front_search_conversations", {"query": "is:open tag:tag_4d1"}, says=(CNV,)),),
        hits=("search-conversations",),
    ),
    Task(
        "search-from-customer",
        "search",
        "Has jane.doe@globex.example written to us? List her conversations.",
        (Step("front_search_conversations", {"query": "from:jane.doe@globex.example"}),),
        hits=("search-conversations",),
    ),
    Task(
        "search-unassigned",
        "search",
        "What's sitting unassigned right now?",
        (Step("front_search_conversations", {"query": "is:unassigned is:open"}),),
        hits=("search-conversations",),
    ),
    # ------------------------------------------------------------------ writes
    Task(
        "write-assign",
        "write",
        "Give the portal login conversation (cnv_7g1) to Ben.",
        (
            Step("front_list_teammates", {}, says=("tea_1a1",)),
            Step(
                "front_assign_conversation",
                {"conversation_id": "cnv_7g1", "teammate_id": "tea_1a1"},
            ),
        ),
        hits=("update-conversation-assignee",),
        writes=("update-conversation-assignee",),
        check=_assignee_is("cnv_7g1", "tea_1a1"),
    ),
    Task(
        "write-tag",
        "write",
        "Tag the invoice conversation cnv_7g0 as a Bug too.",
        (
            Step("front_list_tags", {"limit": 50}, says=("tag_4d2",)),
            Step("front_add_tags", {"conversation_id": CNV, "tag_ids": ["tag_4d2"]}),
        ),
        hits=("add-conversation-tag",),
        writes=("add-conversation-tag",),
        check=_tags_are(CNV, {"tag_4d0", "tag_4d1", "tag_4d2"}),
    ),
    Task(
        "write-archive",
        "write",
        "We're done with cnv_7g1, archive it.",
        (
            Step(
                "front_set_conversation_status", {"conversation_id": "cnv_7g1", "action": "archive"}
            ),
        ),
        hits=("update-conversation",),
        writes=("update-conversation",),
        check=_state_is("cnv_7g1", "archived"),
    ),
    Task(
        "write-comment",
        "write",
        "Leave an internal note on cnv_7g0 that finance is checking the double charge.",
        (
            Step(
                "front_add_comment",
                {"conversation_id": CNV, "body": "Finance is checking the double charge."},
            ),
        ),
        hits=("add-comment",),
        writes=("add-comment",),
    ),
    Task(
        "write-draft",
        "write",
        "Draft (don't send) a reply to Jane on cnv_7g0 saying we're refunding the duplicate.",
        (
            Step(
                "front_create_draft_reply",
                {"conversation_id": CNV, "body": "Hi Jane, we're refunding the duplicate charge."},
            ),
        ),
        hits=("create-draft-reply",),
        writes=("create-draft-reply",),
    ),
    # ------------------------------------------------------------------ sends
    Task(
        "send-reply",
        "send",
        "Reply to Jane on cnv_7g0: the refund went out today. Keep the conversation open.",
        (
            Step(
                "front_reply_to_conversation",
                {"conversation_id": CNV, "body": "Hi Jane, the refund went out today."},
                says=("message_uid",),
            ),
        ),
        hits=("create-message-reply",),
        writes=("create-message-reply",),
        check=_state_is(CNV, "open"),
    ),
    Task(
        "send-reply-and-confirm",
        "send",
        "Answer Jane on cnv_7g0 that it's fixed, then confirm the message really went out.",
        (
            Step(
                "front_reply_to_conversation",
                {"conversation_id": CNV, "body": "Hi Jane, this is fixed now."},
            ),
            Step("front_resolve_message", {"message_uid": Ref(0, artifact="message_uid")}),
        ),
        hits=("create-message-reply", "get-message"),
        writes=("create-message-reply",),
    ),
    Task(
        "send-new-message",
        "send",
        "Email raj.kumar@initech.example from support@ that his order shipped.",
        (
            Step(
                "front_send_new_message",
                {
                    "channel_id": "cha_3c0",
                    "to": ["raj.kumar@initech.example"],
                    "subject": "Your order shipped",
                    "body": "Hi Raj, your order shipped today.",
                },
            ),
        ),
        hits=("create-message",),
        writes=("create-message",),
    ),
    # ------------------------------------------------------------------ destructive asks
    Task(
        "destructive-untag",
        "destructive",
        "Take the Urgent tag off cnv_7g0; keep the others.",
        (Step("front_remove_tags", {"conversation_id": CNV, "tag_ids": ["tag_4d1"]}),),
        hits=("remove-conversation-tag",),
        writes=("remove-conversation-tag",),
        check=_tags_are(CNV, {"tag_4d0"}),
    ),
    Task(
        "destructive-trash-spam",
        "destructive",
        "cnv_7g1 is junk, move it to the trash.",
        (Step("front_set_conversation_status", {"conversation_id": "cnv_7g1", "action": "trash"}),),
        hits=("update-conversation",),
        writes=("update-conversation",),
        check=_state_is("cnv_7g1", "trashed"),
    ),
    Task(
        "destructive-merge-contacts",
        "destructive",
        "Contact crd_5e1 turned out to be a duplicate of crd_5e0; merge it into crd_5e0.",
        (
            Step(
                "front_merge_contacts",
                {"target_contact_id": "crd_5e0", "contact_ids": ["crd_5e1"]},
            ),
        ),
        hits=("merge-contacts",),
        writes=("merge-contacts",),
    ),
    Task(
        "destructive-delete-draft",
        "destructive",
        "Delete the stale draft msg_8h9 on the SMS conversation.",
        (
            Step(
                "front_find_operations",
                {"query": "delete draft", "include_schema": True, "limit": 1},
                says=("delete-draft", "cannot be undone", "version: string, required"),
            ),
            Step(
                "front_call_operation",
                {"operation_id": "get-message", "path_params": {"message_id": "msg_8h9"}},
            ),
            Step(
                "front_call_operation",
                {
                    "operation_id": "delete-draft",
                    "path_params": {"draft_id": "msg_8h9"},
                    "body": {"version": Ref(1, artifact="version")},
                },
            ),
        ),
        hits=("get-message", "delete-draft"),
        writes=("delete-draft",),
    ),
    Task(
        "destructive-remove-follower",
        "destructive",
        "Ben shouldn't follow cnv_7g0 any more.",
        (
            Step(
                "front_remove_followers",
                {"conversation_id": CNV, "teammate_ids": ["tea_1a1"]},
            ),
        ),
        hits=("delete-conversation-followers",),
        writes=("delete-conversation-followers",),
    ),
    # ------------------------------------------------------------------ multi-step
    Task(
        "multi-find-and-tag",
        "multi-step",
        "Find Jane Doe's open conversation about the invoice and mark it VIP.",
        (
            Step(
                "front_search_conversations",
                {"query": "is:open from:jane.doe@globex.example"},
                says=(CNV,),
            ),
            Step("front_add_tags", {"conversation_id": CNV, "tag_ids": ["tag_4d4"]}),
        ),
        hits=("search-conversations", "add-conversation-tag"),
        writes=("add-conversation-tag",),
        check=_tags_are(CNV, {"tag_4d0", "tag_4d1", "tag_4d4"}),
    ),
    Task(
        "multi-handover",
        "multi-step",
        "Ava is out: unassign cnv_7g0 and leave a note saying why.",
        (
            Step("front_unassign_conversation", {"conversation_id": CNV}),
            Step(
                "front_add_comment",
                {"conversation_id": CNV, "body": "Unassigned: Ava is out this week."},
            ),
        ),
        hits=("update-conversation-assignee", "add-comment"),
        writes=("update-conversation-assignee", "add-comment"),
        check=_assignee_is(CNV, None),
    ),
    Task(
        "multi-contact-history",
        "multi-step",
        "What else has Jane Doe contacted us about?",
        (
            Step("front_find_contact", {"handle": "jane.doe@globex.example"}, says=("crd_5e0",)),
            Step("front_list_contact_conversations", {"contact_id": "crd_5e0", "limit": 10}),
        ),
        hits=("get-contact", "list-contact-conversations"),
    ),
    Task(
        "multi-contact-history-long-tail",
        "multi-step",
        "Same ask, through the whole API: list the conversations of contact crd_5e0.",
        (
            Step(
                "front_find_operations",
                {"query": "list contact conversations", "include_schema": True},
                says=("list-contact-conversations",),
            ),
            Step(
                "front_call_operation",
                {
                    "operation_id": "list-contact-conversations",
                    "path_params": {"contact_id": "crd_5e0"},
                    "query": {"limit": 10},
                },
            ),
        ),
        hits=("list-contact-conversations",),
    ),
    Task(
        "multi-template-draft",
        "multi-step",
        "Use our refund template to draft an answer on the damaged pallet conversation cnv_7g4.",
        (
            Step("front_find_templates", {"query": "refund"}, says=("rsp_1a0",)),
            Step(
                "front_create_draft_reply",
                {"conversation_id": "cnv_7g4", "template_id": "rsp_1a0"},
            ),
        ),
        hits=("create-draft-reply", ("list-message-templates", "list-teammate-message-templates")),
        writes=("create-draft-reply",),
    ),
    Task(
        "multi-kb-answer",
        "multi-step",
        "Find our help-center article about refunds and read it, so I can quote it.",
        (
            Step("front_search_knowledge_base", {"query": "refund"}),
            Step("front_get_knowledge_base_article", {"article_id": "kba_3c0"}),
        ),
        hits=("list-knowledge-bases",),
    ),
    Task(
        "multi-attachment",
        "multi-step",
        "Jane attached the invoice to her first email (msg_8h0); what does it say?",
        (
            Step("front_list_message_attachments", {"message_id": "msg_8h0"}),
            Step(
                "front_download_attachment", {"attachment_id": "fil_0j0", "message_id": "msg_8h0"}
            ),
        ),
        hits=(("download-attachment", "download-attachment-for-a-message"),),
    ),
    Task(
        "multi-teammate-availability",
        "multi-step",
        "Is Ben around today to take this one?",
        (
            Step("front_find_teammate", {"query": "ben"}, says=("tea_1a1",)),
            Step("front_get_teammate_availability", {"teammate_id": "tea_1a1"}),
        ),
        hits=("list-teammates", "get-teammate"),
    ),
    Task(
        "multi-new-customer",
        "multi-step",
        "New customer Lee Wong (lee.wong@initech.example): add him and note he prefers email.",
        (
            Step(
                "front_create_contact",
                {"handles": [{"handle": "lee.wong@initech.example"}], "name": "Lee Wong"},
            ),
            Step(
                "front_add_contact_note",
                {
                    "contact_id": Ref(0, artifact="id"),
                    "body": "Prefers email.",
                    "author_id": "tea_1a0",
                },
            ),
        ),
        hits=("create-contact", "add-note"),
        writes=("create-contact", "add-note"),
    ),
    # ------------------------------------------------------------------ conversation state
    Task(
        "state-snooze",
        "write",
        "Snooze cnv_7g0 until Monday 15 January 2040, 9:00 UTC.",
        (
            Step(
                "front_snooze_conversation",
                {"conversation_id": CNV, "until": "2040-01-15T09:00:00Z"},
            ),
        ),
        hits=("update-conversation-reminders",),
        writes=("update-conversation-reminders",),
    ),
    Task(
        "state-unsnooze",
        "write",
        "Wake up the damaged pallet conversation cnv_7g4 now.",
        (Step("front_unsnooze_conversation", {"conversation_id": "cnv_7g4"}),),
        hits=("update-conversation-reminders",),
        writes=("update-conversation-reminders",),
    ),
    Task(
        "state-reopen",
        "write",
        "The PO-778 customer wrote back; reopen cnv_7g2.",
        (Step("front_reopen_conversation", {"conversation_id": "cnv_7g2"}),),
        hits=("update-conversation",),
        writes=("update-conversation", "update-conversation-reminders"),
        check=_state_is("cnv_7g2", "open"),
    ),
    Task(
        "state-ticket-status",
        "write",
        "Set cnv_7g0 to 'Waiting on customer'.",
        (
            Step("front_list_ticket_statuses", {}),
            Step(
                "front_set_ticket_status", {"conversation_id": CNV, "name": "Waiting on customer"}
            ),
        ),
        hits=("list-company-ticket-statuses", "update-conversation"),
        writes=("update-conversation",),
    ),
    Task(
        "state-move",
        "write",
        "cnv_7g1 belongs in the custom inbox inb_2b2; move it.",
        (Step("front_move_conversation", {"conversation_id": "cnv_7g1", "inbox_id": "inb_2b2"}),),
        hits=("update-conversation",),
        writes=("update-conversation",),
    ),
    Task(
        "state-custom-fields",
        "write",
        "Set Priority to Urgent and Refund amount to 120 on cnv_7g0, keep the other fields.",
        (
            Step("front_list_custom_fields", {"resource": "conversation"}),
            Step(
                "front_update_custom_fields",
                {"record_id": CNV, "fields": {"Priority": "Urgent", "Refund amount": 120}},
            ),
        ),
        hits=("list-conversation-custom-fields", "update-conversation"),
        writes=("update-conversation",),
    ),
    Task(
        "state-link-ticket",
        "write",
        "Link cnv_7g1 to our bug tracker issue https://tracker.acme.example/browse/BUG-7.",
        (
            Step(
                "front_add_links",
                {
                    "conversation_id": "cnv_7g1",
                    "external_urls": ["https://tracker.acme.example/browse/BUG-7"],
                },
            ),
        ),
        hits=("add-conversation-link",),
        writes=("add-conversation-link",),
    ),
    # ------------------------------------------------------------------ pagination
    Task(
        "page-tags",
        "pagination",
        "List every tag we have (two at a time is fine, but get them all).",
        (
            Step("front_list_tags", {"limit": 2}, says=("page_token=",)),
            Step(
                "front_list_tags", {"limit": 2, "page_token": Ref(0, content=r"page_token=(\S+)")}
            ),
            Step(
                "front_list_tags", {"limit": 2, "page_token": Ref(1, content=r"page_token=(\S+)")}
            ),
        ),
        hits=("list-tags",),
    ),
    Task(
        "page-search",
        "pagination",
        "Go through all open conversations, two per page.",
        (
            Step("front_search_conversations", {"query": "is:open", "limit": 2}),
            Step(
                "front_search_conversations",
                {
                    "query": "is:open",
                    "limit": 2,
                    "page_token": Ref(0, content=r"page_token=(\S+)"),
                },
            ),
        ),
        hits=("search-conversations",),
    ),
    Task(
        "page-messages",
        "pagination",
        "Read cnv_7g0's messages one at a time, the newest and then the one before.",
        (
            Step("front_list_conversation_messages", {"conversation_id": CNV, "limit": 1}),
            Step(
                "front_list_conversation_messages",
                {
                    "conversation_id": CNV,
                    "limit": 1,
                    "page_token": Ref(0, content=r"page_token=(\S+)"),
                },
            ),
        ),
        hits=("list-conversation-messages",),
    ),
    Task(
        "page-events",
        "pagination",
        "What happened recently? Show the last inbound messages and replies (events).",
        (Step("front_list_events", {"types": ["inbound", "out_reply"], "limit": 10}),),
        hits=("list-events",),
    ),
    # ------------------------------------------------------------------ bad input
    Task(
        "bad-status-word",
        "bad input",
        "Close cnv_7g0 (the model first says 'close', which is not an action here).",
        (
            Step(
                "front_set_conversation_status",
                {"conversation_id": CNV, "action": "close"},
                expect="error",
                says=("archive",),
            ),
            Step("front_set_conversation_status", {"conversation_id": CNV, "action": "archive"}),
        ),
        hits=("update-conversation",),
        writes=("update-conversation",),
        check=_state_is(CNV, "archived"),
    ),
    Task(
        "bad-unknown-conversation",
        "bad input",
        "Open conversation cnv_zzzz9 (it does not exist).",
        (
            Step(
                "front_get_conversation",
                {"conversation_id": "cnv_zzzz9"},
                expect="error",
                says=("not found",),
            ),
        ),
        hits=("get-conversation-by-id",),
    ),
    Task(
        "bad-nested-key",
        "bad input",
        "Through the raw API, reply on cnv_7g0 without archiving (the model misspells 'archive').",
        (
            Step(
                "front_call_operation",
                {
                    "operation_id": "create-message-reply",
                    "path_params": {"conversation_id": CNV},
                    "body": {"body": "On it.", "options": {"archiv": False}},
                },
                expect="error",
                says=("archiv", "archive, tag_ids"),
            ),
        ),
    ),
    Task(
        "bad-every-problem",
        "bad input",
        "Create a contact through the raw API with a wrong handle shape and a typo'd field.",
        (
            Step(
                "front_call_operation",
                {
                    "operation_id": "create-contact",
                    "body": {"nmae": "Lee", "handles": [{"handle": "lee@x.example", "kind": 1}]},
                },
                expect="error",
                says=("nmae", "kind", "source"),
            ),
        ),
    ),
    # ------------------------------------------------------------------ refusals
    Task(
        "refuse-read-only-delete",
        "refusal",
        "Delete Tom Baker's contact (the agent is read-only).",
        (
            Step(
                "front_find_operations",
                {"query": "delete contact"},
                says=("No Front operation this toolkit allows",),
            ),
            Step(
                "front_call_operation",
                {"operation_id": "delete-a-contact", "path_params": {"contact_id": "crd_5e3"}},
                expect="error",
                says=("destructive",),
            ),
        ),
        toolkit={"read_only": True},
    ),
    Task(
        "refuse-webhook",
        "refusal",
        "Set up a webhook that posts every new conversation to our Slack.",
        (
            Step(
                "front_find_operations",
                {"query": "create a webhook"},
                says=("has no operation",),
            ),
        ),
    ),
    Task(
        "refuse-new-rule",
        "refusal",
        "Create a rule that auto-tags VIP customers.",
        (
            Step(
                "front_find_operations", {"query": "create a new rule"}, says=("has no operation",)
            ),
        ),
    ),
    Task(
        "refuse-unknown-need",
        "refusal",
        "Translate Jane's last email into French with Front.",
        (
            Step(
                "front_find_operations",
                {"query": "translate a message"},
                says=("has no operation",),
            ),
        ),
    ),
    Task(
        "refuse-merge-without-approval",
        "refusal",
        "Merge Raj crd_5e1 into Jane crd_5e0 (policy: destructive needs a human; none here).",
        (
            Step(
                "front_merge_contacts",
                {"target_contact_id": "crd_5e0", "contact_ids": ["crd_5e1"]},
                expect="error",
            ),
        ),
        toolkit={"policy": "draft_first"},
    ),
    # ------------------------------------------------------------------ admin and the long tail
    Task(
        "admin-teams",
        "admin",
        "Which teams (workspaces) exist?",
        (
            Step("front_find_operations", {"query": "list teams"}, says=("list-teams",)),
            Step("front_call_operation", {"operation_id": "list-teams"}),
        ),
        hits=("list-teams",),
    ),
    Task(
        "admin-shifts",
        "admin",
        "Show our support shifts.",
        (
            Step("front_find_operations", {"query": "list shifts"}, says=("list-shifts",)),
            Step("front_call_operation", {"operation_id": "list-shifts"}),
        ),
        hits=("list-shifts",),
    ),
    Task(
        "admin-create-tag",
        "admin",
        "Create a tag called 'Refund requested', red.",
        (
            Step(
                "front_find_operations",
                {"query": "create tag", "include_schema": True, "limit": 3},
                says=("highlight",),
            ),
            Step(
                "front_call_operation",
                {
                    "operation_id": "create-tag",
                    "body": {"name": "Refund requested", "highlight": "red"},
                },
            ),
        ),
        hits=("create-tag",),
        writes=("create-tag",),
    ),
    Task(
        "admin-rename-tag",
        "admin",
        "Rename the Bug tag to Defect.",
        (
            Step(
                "front_call_operation",
                {
                    "operation_id": "update-a-tag",
                    "path_params": {"tag_id": "tag_4d2"},
                    "body": {"name": "Defect"},
                },
            ),
        ),
        hits=("update-a-tag",),
        writes=("update-a-tag",),
    ),
    Task(
        "admin-time-off",
        "admin",
        "Book time off for Dev (tea_1a3) from 2040-02-01 00:00 UTC, open-ended.",
        (
            Step(
                "front_find_operations",
                {"query": "create time off", "include_schema": True, "limit": 1},
                says=("Unix timestamp, seconds",),
            ),
            Step(
                "front_call_operation",
                {
                    "operation_id": "create-time-off",
                    "path_params": {"teammate_id": "tea_1a3"},
                    "body": {"name": "Leave", "start_at": 2211667200},
                },
            ),
        ),
        hits=("create-time-off",),
        writes=("create-time-off",),
    ),
    Task(
        "admin-analytics",
        "admin",
        "How many messages did we receive on 29 November 2023, and the first response time?",
        (
            Step(
                "front_run_analytics_report",
                {
                    "metrics": ["num_messages_received", "avg_first_response_time"],
                    "start": "2023-11-29",
                    "end": "2023-11-30",
                },
            ),
        ),
        hits=("create-analytics-report",),
        writes=("create-analytics-report",),  # reviewed as read: it only computes metrics
    ),
    Task(
        "admin-bulk-vip",
        "admin",
        "Tag every open conversation from Globex as VIP.",
        (
            Step(
                "front_bulk_update_conversations",
                {
                    "action": "add_tags",
                    "query": "is:open from:jane.doe@globex.example",
                    "tag_ids": ["tag_4d4"],
                },
                says=(CNV,),
            ),
            Step(
                "front_bulk_update_conversations",
                {
                    "action": "add_tags",
                    "query": "is:open from:jane.doe@globex.example",
                    "tag_ids": ["tag_4d4"],
                    "confirm": True,
                },
            ),
        ),
        hits=("search-conversations", "add-conversation-tag"),
        writes=("add-conversation-tag",),
        check=_tags_are(CNV, {"tag_4d0", "tag_4d1", "tag_4d4"}),
    ),
    Task(
        "admin-custom-field-defs",
        "admin",
        "Which custom fields do contacts have?",
        (
            Step(
                "front_find_operations",
                {"query": "contact custom fields"},
                says=("list-contact-custom-fields",),
            ),
            Step("front_call_operation", {"operation_id": "list-contact-custom-fields"}),
        ),
        hits=("list-contact-custom-fields",),
    ),
)
