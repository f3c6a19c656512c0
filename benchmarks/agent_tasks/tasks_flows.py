"""Work in several steps: multi-step requests, conversation state and pagination."""

from __future__ import annotations

from task_checks import CNV, assignee_is, state_is, tags_are
from task_model import Ref, Step, Task

FLOWS: tuple[Task, ...] = (
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
        check=tags_are(CNV, {"tag_4d0", "tag_4d1", "tag_4d4"}),
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
        check=assignee_is(CNV, None),
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
        check=state_is("cnv_7g2", "open"),
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
)
