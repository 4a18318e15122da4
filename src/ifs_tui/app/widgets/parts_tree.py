"""The parts tree: Self at the top, then each role with its count."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text, TextType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ifs_tui.core.model import ROLE_GROUPS, ROLES, Part, PartsMap

from ..text import visible

GROUPS = ROLE_GROUPS
SELF = "self"


class PartsTree(Tree[str]):
    """Node data: "self", "role:<role>", or a part id.

    A group's leaves are added only while it is open; a closed group keeps its parts
    aside and adds them when opened, so a map of thousands of parts builds quickly.
    Which groups the person closed is kept across rebuilds.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(Text("Self"), data=SELF, **kwargs)  # type: ignore[arg-type]
        self.show_root = True
        self.guide_depth = 3
        self._closed_roles: set[str] = set()  # roles whose group the person closed
        self._unfilled: dict[str, list[Part]] = {}  # role -> parts not added yet
        self._role_of: dict[str, str] = {}  # part id -> role
        self._group_nodes: dict[str, TreeNode[str]] = {}
        self._fresh = False  # fill() ran and nothing was shown from it yet

    def fill(self, pmap: PartsMap) -> None:
        """Make the nodes; no cursor move (safe before the tree is mounted)."""
        self._fresh = True
        self.clear()
        self.root.expand()
        by_role: dict[str, list[Part]] = {role: [] for role in ROLES}
        for part in pmap.parts:
            by_role.setdefault(part.role, []).append(part)
        self._role_of = {p.id: p.role for p in pmap.parts}
        self._unfilled = {}
        self._group_nodes = {}
        for role in ROLES:
            parts = by_role[role]
            open_ = role not in self._closed_roles
            group = self.root.add(Text.assemble(GROUPS[role], (f"  {len(parts)}", "dim")),
                                  data=f"role:{role}", expand=open_)
            self._group_nodes[role] = group
            self._unfilled[role] = parts
            if open_:
                self._add_leaves(role)

    def rebuild(self, pmap: PartsMap, select: str | None = None) -> None:
        keep = select or (self.cursor_node.data if self.cursor_node else SELF)
        if not self._fresh:  # the screen fills the tree before mounting it
            self.fill(pmap)
        self._fresh = False
        self.call_after_refresh(self._move_to, self._node_for(keep) or self.root)

    def _add_leaves(self, role: str) -> None:
        group = self._group_nodes[role]
        for part in self._unfilled.pop(role, []):
            group.add_leaf(Text(visible(part.name)), data=part.id)

    def _node_for(self, data: str | None) -> TreeNode[str] | None:
        """The node for "self", a group or a part id; opens a closed group for a part."""
        if data is None or data == SELF:
            return self.root
        if data.startswith("role:"):
            return self._group_nodes.get(data.removeprefix("role:"))
        role = self._role_of.get(data)
        if role is None:
            return None
        group = self._group_nodes[role]
        if role in self._unfilled:
            self._add_leaves(role)
        if not group.is_expanded:
            group.expand()
        return next((n for n in group.children if n.data == data), None)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[str]) -> None:
        data = event.node.data or ""
        if data.startswith("role:"):
            role = data.removeprefix("role:")
            self._closed_roles.discard(role)
            if role in self._unfilled:
                self._add_leaves(role)

    def on_tree_node_collapsed(self, event: Tree.NodeCollapsed[str]) -> None:
        data = event.node.data or ""
        if data.startswith("role:"):
            self._closed_roles.add(data.removeprefix("role:"))

    def process_label(self, label: TextType) -> Text:
        # Textual splits every label to keep its first line, twice per node; ours are
        # one line already (visible() shows a line break as a sign).
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def get_label_width(self, node: TreeNode[str]) -> int:
        # Textual renders each label to measure it, for every line at each rebuild of
        # the lines; the width is the label's own plus the open/closed icon.
        label = node.label
        width = label.cell_len if isinstance(label, Text) else cell_len(str(label))
        if node.allow_expand:
            width += cell_len(self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE)
        return width

    def notify_style_update(self) -> None:
        # Textual's Tree lists its lines again (measuring every label) on any change of
        # style, such as focus coming or going. A style changes how lines look, not
        # which lines there are: only the drawn lines are dropped.
        super(Tree, self).notify_style_update()
        self._line_cache.clear()
        self._updates += 1
        self.refresh()

    def _move_to(self, node: TreeNode[str]) -> None:
        _ = self.last_line  # lays out the lines again if nodes were just added
        self.move_cursor(node)
        self.scroll_to_node(node, animate=False)

    def select_part(self, part_id: str) -> None:
        node = self._node_for(part_id)
        if node is not None:
            self._move_to(node)
