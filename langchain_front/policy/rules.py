"""What a policy decides for a call: allow it, ask a human first, or deny it.

A :class:`Policy` maps each effect (read, write, destructive, send) to a :data:`Rule`, with
overrides per tool and per catalogued operation. The rule of one call is the tool's override if
any, else the strictest over the operations the call may make (each operation's override, else
the rule of its effect), and the rule of the call's own effect when that is stronger than all of
its operations' (a bulk action over many conversations counts as destructive). An operation the
catalog does not know counts as ``send``, the strongest effect, so nothing unlabelled slips
through as a read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from langchain_front.catalog import Effect, load_catalog

__all__ = ["EFFECTS", "SEVERITY", "Policy", "Rule", "operation_effect", "strictest"]

Rule = Literal["allow", "approve", "deny"]

EFFECTS: tuple[Effect, ...] = ("read", "write", "destructive", "send")
SEVERITY: dict[str, int] = {"read": 0, "write": 1, "destructive": 2, "send": 3}
_STRICTNESS: dict[str, int] = {"allow": 0, "approve": 1, "deny": 2}


def strictest(rules: Iterable[Rule]) -> Rule:
    """The strictest of ``rules`` (deny > approve > allow); ``allow`` for none."""
    return max(rules, key=lambda rule: _STRICTNESS[rule], default="allow")


def operation_effect(operation_id: str) -> Effect:
    """The catalogued effect of an operation; ``send`` (the strongest) when unknown."""
    catalog = load_catalog()
    try:
        return catalog.get(operation_id).effect
    except Exception:  # unknown or unlabelled: assume the worst
        return "send"


class Policy(BaseModel):
    """What the tools may do without a human, with one, or not at all.

    ```python
    Policy.draft_first()                  # the default: read/write allowed, destructive/send
                                          # need approval
    Policy.read_only()                    # only reads; other tools are not offered
    Policy.allow_all()                    # no approval (tests, trusted automations)
    Policy(send="deny", tools={"front_add_comment": "approve"})
    ```
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    _rules: dict[tuple[str, str, tuple[str, ...]], Rule] = PrivateAttr(default_factory=dict)

    read: Rule = Field(default="allow", description="Rule for read calls.")
    write: Rule = Field(default="allow", description="Rule for write calls (tags, assignees...).")
    destructive: Rule = Field(
        default="approve", description="Rule for destructive calls (delete, merge, bulk...)."
    )
    send: Rule = Field(default="approve", description="Rule for calls that reach a customer.")
    tools: dict[str, Rule] = Field(
        default_factory=dict, description="Overrides by tool name (win over everything else)."
    )
    operations: dict[str, Rule] = Field(
        default_factory=dict, description="Overrides by catalog operation ID."
    )

    @classmethod
    def draft_first(cls) -> Policy:
        """The default: read and write allowed; destructive and send need approval."""
        return cls()

    @classmethod
    def read_only(cls) -> Policy:
        """Only reads: every other effect is denied (those tools are not offered)."""
        return cls(write="deny", destructive="deny", send="deny")

    @classmethod
    def allow_all(cls) -> Policy:
        """Everything allowed without approval (tests, trusted automations)."""
        return cls(destructive="allow", send="allow")

    def for_effect(self, effect: str) -> Rule:
        """The rule of one effect; an unknown effect gets the rule of ``send``."""
        rule: Rule = getattr(self, effect) if effect in SEVERITY else self.send
        return rule

    def for_operation(self, operation_id: str) -> Rule:
        """The rule of one catalogued operation: its override, else its effect's rule."""
        override = self.operations.get(operation_id)
        return override if override is not None else self.for_effect(operation_effect(operation_id))

    def rule(self, tool: str, effect: str, operations: Iterable[str] = ()) -> Rule:
        """The rule of one call of ``tool`` with this ``effect``, that may call ``operations``."""
        key = (tool, effect, tuple(operations))
        known = self._rules.get(key)
        if known is None:  # a policy is frozen: each answer is worked out once
            known = self._rules[key] = self._rule(*key)
        return known

    def _rule(self, tool: str, effect: str, operations: tuple[str, ...]) -> Rule:
        override = self.tools.get(tool)
        if override is not None:
            return override
        rules = [self.for_operation(op) for op in operations]
        strongest = max((SEVERITY[operation_effect(op)] for op in operations), default=-1)
        if SEVERITY.get(effect, 3) > strongest:  # the call does more than its operations say
            rules.append(self.for_effect(effect))
        return strictest(rules)

    def allowed_effects(self) -> frozenset[str]:
        """The effects not denied outright (the meta tools find and call only these)."""
        return frozenset(effect for effect in EFFECTS if self.for_effect(effect) != "deny")
