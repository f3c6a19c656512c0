"""Signature tools: the signatures a teammate may use (their own and their teams').

Front has no "signatures I may use" endpoint: a teammate's private signatures and each team's
signatures live apart, and a team lists its members only when read one by one. The tool reads
them all (a bounded number of teams) so that a model gets every usable ``sig_`` ID in one call.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from langchain_front.client.pages import ListPage
from langchain_front.tools._base import Call, FrontTool, Steps
from langchain_front.tools._fields import TeammateRef, ToolArgs
from langchain_front.tools._registry import register
from langchain_front.tools.render.templates import render_signature_line

#: Most teams read to find the teammate's teams.
MAX_TEAMS = 10


class ListSignaturesInput(ToolArgs):
    """Arguments of front_list_signatures."""

    teammate_id: TeammateRef = Field(
        description="The teammate who will send (tea_... or alt:email:<email>): their private "
        "signatures and those of their teams are listed."
    )


@register
class FrontListSignatures(FrontTool):
    """The signatures a teammate may use: their private ones and their teams'."""

    name: str = "front_list_signatures"
    description: str = (
        "List the email signatures a teammate may use: their private signatures and those of "
        "the teams they belong to, each with its ID (sig_...), name, whether it is the default, "
        "the channels it applies to and the start of its text. Pass the ID as signature_id to "
        "front_reply_to_conversation or front_create_draft_reply (email channels only: Front "
        "refuses signatures on SMS and chat)."
    )
    args_schema: type[BaseModel] = ListSignaturesInput
    operations = ("list-teammate-signatures", "list-teams", "get-team", "list-team-signatures")
    group = "templates"
    example = {"teammate_id": "tea_1a0"}

    def steps(self, args: ListSignaturesInput) -> Steps:
        """The teammate's signatures, then each of their teams' (read to find membership)."""
        own = yield Call("list-teammate-signatures", path_params={"teammate_id": args.teammate_id})
        found: list[Any] = list(ListPage.of(own.data).items)
        teams = ListPage.of((yield Call("list-teams")).data).items
        wanted = args.teammate_id.removeprefix("alt:email:").casefold()
        member_of: list[str] = []
        for team in teams[:MAX_TEAMS]:
            team_id = team.get("id") if isinstance(team, dict) else None
            if not isinstance(team_id, str):
                continue
            detail = (yield Call("get-team", path_params={"team_id": team_id})).data or {}
            members = detail.get("members") if isinstance(detail, dict) else None
            for member in members if isinstance(members, list) else []:
                if isinstance(member, dict) and wanted in (
                    str(member.get("id", "")).casefold(),
                    str(member.get("email", "")).casefold(),
                ):
                    member_of.append(team_id)
                    break
        for team_id in member_of:
            listed = yield Call("list-team-signatures", path_params={"team_id": team_id})
            found.extend(ListPage.of(listed.data).items)
        if not found:
            return f"No signature available to {args.teammate_id}.", {"_results": []}
        lines = [f"{len(found)} signatures {args.teammate_id} may use:"]
        lines += [render_signature_line(s) for s in found if isinstance(s, dict)]
        if len(teams) > MAX_TEAMS:
            lines.append(f"(Only the first {MAX_TEAMS} of {len(teams)} teams were checked.)")
        return "\n".join(lines), {"_results": found, "teams": member_of}
