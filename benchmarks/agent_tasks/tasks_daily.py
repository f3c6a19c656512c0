"""Everyday requests: reads, searches, writes, sends and destructive asks."""

from __future__ import annotations

from task_checks import CNV, assignee_is, state_is, tags_are
from task_model import Ref, Step, Task

DAILY: tuple[Task, ...] = (
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
        check=assignee_is("cnv_7g1", "tea_1a1"),
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
        check=tags_are(CNV, {"tag_4d0", "tag_4d1", "tag_4d2"}),
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
        check=state_is("cnv_7g1", "archived"),
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
        check=state_is(CNV, "open"),
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
        check=tags_are(CNV, {"tag_4d0"}),
    ),
    Task(
        "destructive-trash-spam",
        "destructive",
        "cnv_7g1 is junk, move it to the trash.",
        (Step("front_set_conversation_status", {"conversation_id": "cnv_7g1", "action": "trash"}),),
        hits=("update-conversation",),
        writes=("update-conversation",),
        check=state_is("cnv_7g1", "trashed"),
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
)
