"""The parts tree: Self at the top, then each role with its count."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ifs_tui.core.model import ROLE_GROUPS, ROLES, PartsMap

from ..text import visible

GROUPS = ROLE_GROUPS
SELF = "self"


class PartsTree(Tree[str]):
    """Node data: "self", "role:<role>", or a part id."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(Text("Self"), data=SELF, **kwargs)  # type: ignore[arg-type]
        self.show_root = True
        self.guide_depth = 3

    def rebuild(self, pmap: PartsMap, select: str | None = None) -> None:
        keep = select or (self.cursor_node.data if self.cursor_node else SELF)
        self.clear()
        self.root.expand()
        by_role: dict[str, list[TreeNode[str]]] = {}
        target: TreeNode[str] | None = self.root if keep == SELF else None
        for role in ROLES:
            parts = [p for p in pmap.parts if p.role == role]
            group = self.root.add(Text.assemble(GROUPS[role], (f"  {len(parts)}", "dim")),
                                  data=f"role:{role}", expand=True)
            if keep == f"role:{role}":
                target = group
            by_role[role] = []
            for part in parts:
                leaf = group.add_leaf(Text(visible(part.name)), data=part.id)
                if part.id == keep:
                    target = leaf
        self.call_after_refresh(self._move_to, target or self.root)

    def _move_to(self, node: TreeNode[str]) -> None:
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)

    def select_part(self, part_id: str) -> None:
        def find(node: TreeNode[str]) -> TreeNode[str] | None:
            if node.data == part_id:
                return node
            for child in node.children:
                hit = find(child)
                if hit is not None:
                    return hit
            return None

        node = find(self.root)
        if node is not None:
            self._move_to(node)
