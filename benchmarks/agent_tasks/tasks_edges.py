"""The edges: bad input, refusals, and admin work through the long tail."""

from __future__ import annotations

from task_checks import CNV, state_is, tags_are
from task_model import Step, Task

EDGES: tuple[Task, ...] = (
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
        check=state_is(CNV, "archived"),
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
        check=tags_are(CNV, {"tag_4d0", "tag_4d1", "tag_4d4"}),
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
