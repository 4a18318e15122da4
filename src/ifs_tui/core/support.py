"""The person's own support contacts: who they can reach (docs/data.md, "support.toml").

Kept in `<data root>/support.toml`, outside every map, so no map export can
carry them by accident. Written atomically and privately (0600); keys this
version does not know are kept; a file that cannot be read is named with its
line and never written over. `what_to_show` holds the words every surface uses.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from . import paths
from .atomic import FolderLock, atomic_write
from .codec import locate
from .errors import IfsError, InvalidInput, MapFormatError, Problem
from .fileerrors import file_error
from .model import clean_text, has_control, name_problem
from .services import MAX_TEXT
from .storage import parse_toml

if TYPE_CHECKING:
    from .packs import Pack

T = TypeVar("T")
SCHEMA = 1
# As written in the file, and as shown to the person.
KINDS = {"therapist": "therapist", "clinical-team": "clinical team",
         "trusted-person": "trusted person", "crisis-line": "crisis line", "other": "other"}
FIELDS = ("name", "kind", "reach", "note")
LOCK_NAME = ".support.lock"

GENERAL = "In a crisis, contact your local emergency services."
HOW_TO_ADD = {
    False: "You can keep your own support contacts here (a therapist, a clinical team, "
           "someone you trust): ifs support add NAME",
    True: "You can keep your own support contacts here (a therapist, a clinical team, "
          "someone you trust): press F2, or use ifs support add NAME",
}
HEADING = "People you can reach:"


class SupportFileError(IfsError):
    """support.toml could not be read; it is left exactly as it is."""


@dataclass
class Contact:
    name: str
    kind: str = ""
    reach: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # unknown keys, kept

    @property
    def kind_words(self) -> str:
        return KINDS.get(self.kind, self.kind)


@dataclass
class SupportBook:
    contacts: list[Contact] = field(default_factory=list)
    schema: int = SCHEMA
    extra: dict[str, Any] = field(default_factory=dict)


# --- reading -----------------------------------------------------------------------

def load(path: Path | None = None) -> SupportBook:
    """The contacts in `path` (default: paths.support_file()); none when there is no file."""
    path = path or paths.support_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return SupportBook()
    except OSError as err:
        raise SupportFileError(str(file_error("read", path, err))) from None
    try:
        return parse(raw, str(path))
    except MapFormatError as err:
        raise SupportFileError(f"{err.problems[0]}; fix it by hand or move it aside "
                               "(it was not changed)") from None


def parse(raw: bytes, file: str) -> SupportBook:
    data = parse_toml(raw, file)
    text = raw.decode("utf-8")

    def bad(where: str, message: str) -> MapFormatError:
        return MapFormatError([Problem(file, where, message, line=locate(text, where))])

    book = SupportBook()
    schema = data.pop("schema", SCHEMA)
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise bad("schema", f"should be a whole number; write schema = {SCHEMA}")
    book.schema = schema
    tables = data.pop("contacts", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise bad("contacts", "write each contact as a [[contacts]] table")
    for i, table in enumerate(tables):
        where = f"contacts[{i}]"
        name = table.get("name")
        if not isinstance(name, str) or not name.strip():
            raise bad(f"{where}.name", "every contact needs a name (text in quotes)")
        for key in FIELDS[1:]:
            if not isinstance(table.get(key, ""), str):
                raise bad(f"{where}.{key}", "should be text in quotes")
        # A kind written by hand that this version does not know is shown as written.
        book.contacts.append(Contact(
            name=name, kind=table.get("kind", ""), reach=table.get("reach", ""),
            note=table.get("note", ""),
            extra={k: v for k, v in table.items() if k not in FIELDS}))
    book.extra = data
    return book


# --- writing -----------------------------------------------------------------------

def to_dict(book: SupportBook) -> dict[str, Any]:
    """In a fixed key order; empty fields left out (TOML has no null)."""
    doc: dict[str, Any] = {"schema": book.schema, **book.extra}
    if book.contacts:
        doc["contacts"] = [contact_dict(c) for c in book.contacts]
    return doc


def contact_dict(contact: Contact) -> dict[str, Any]:
    table: dict[str, Any] = {"name": contact.name}
    for key in FIELDS[1:]:
        if getattr(contact, key):
            table[key] = getattr(contact, key)
    return {**table, **contact.extra}


def dumps(book: SupportBook) -> str:
    """One `[[contacts]]` block per contact, however short (tomli-w would inline them)."""
    import tomli_w

    from .tomlwrite import _section

    doc = to_dict(book)
    contacts = doc.pop("contacts", [])
    head = [tomli_w.dumps(doc)]
    return "\n".join(head + [_section("[[contacts]]", "contacts", c) for c in contacts])


def support_dict(contact: Contact) -> dict[str, str]:
    """A contact for an export asked for with --with-support: its own fields only."""
    return {key: getattr(contact, key) for key in FIELDS if getattr(contact, key)}


def save(book: SupportBook, path: Path) -> None:
    if book.schema > SCHEMA:
        raise SupportFileError(f"{path} was written by a newer ifs-tui (schema {book.schema}); "
                               "it was not changed")
    data = dumps(book).encode("utf-8")
    tomllib.loads(data.decode("utf-8"))  # what we write must read back
    try:
        atomic_write(path, data)
    except OSError as err:
        raise file_error("write", path, err) from None


def _change(edit: Callable[[SupportBook], T], path: Path | None) -> T:
    """Read, change and write the file under a lock; a broken file stops it unchanged."""
    path = path or paths.support_file()
    try:
        paths.ensure_private_dir(path.parent)
    except OSError as err:
        raise file_error("create", path.parent, err) from None
    with FolderLock(path.parent / LOCK_NAME).held():
        book = load(path)
        result = edit(book)
        save(book, path)
    return result


def check_contact(name: str, kind: str = "", reach: str = "", note: str = "") -> Contact:
    """A contact as typed, checked; the message says which field to change."""
    name = clean_text(name).strip()
    why = name_problem(name)
    if why:
        raise InvalidInput(why)
    kind = kind.strip().casefold().replace(" ", "-")
    if kind and kind not in KINDS:
        raise InvalidInput(f"--kind: give one of {', '.join(KINDS)}")
    values = []
    for label, value in (("reach", reach), ("note", note)):
        value = clean_text(value).strip()
        if has_control(value, allow_newlines=True):
            raise InvalidInput(f"{label}: control characters (other than line breaks and "
                               "tabs) cannot be stored")
        if len(value) > MAX_TEXT:
            raise InvalidInput(f"{label}: at most {MAX_TEXT:,} characters")
        values.append(value)
    return Contact(name, kind, values[0], values[1])


def add(name: str, kind: str = "", reach: str = "", note: str = "",
        path: Path | None = None) -> Contact:
    contact = check_contact(name, kind, reach, note)

    def change(book: SupportBook) -> Contact:
        book.contacts.append(contact)
        return contact

    return _change(change, path)


def find(book: SupportBook, ref: str) -> int:
    """The index of a contact given by its number in the list (from 1) or its name."""
    text = ref.strip()
    if text.isdigit() and 1 <= int(text) <= len(book.contacts):
        return int(text) - 1
    same = [i for i, c in enumerate(book.contacts) if c.name.casefold() == text.casefold()]
    if len(same) > 1:
        raise InvalidInput("more than one contact has that name; give its number from "
                           "ifs support list")
    if not same:
        count = len(book.contacts)
        raise InvalidInput("no support contact has that name or number" + (
            f"; give a name or a number from 1 to {count} (see: ifs support list)"
            if count else "; there are no contacts yet"))
    return same[0]


def remove(ref: str | Contact, path: Path | None = None) -> Contact:
    """Remove a contact given by name or number, or as it was shown (the app)."""
    return _change(lambda book: book.contacts.pop(_index(book, ref)), path)


def edit(old: Contact, new: Contact, path: Path | None = None) -> Contact:
    """Replace `old` (as it was shown) with `new`, keeping the keys this version does not know."""
    same_kind = new.kind == old.kind  # a kind written by hand may stay as it is
    checked = check_contact(new.name, "" if same_kind else new.kind, new.reach, new.note)
    if same_kind:
        checked.kind = old.kind

    def change(book: SupportBook) -> Contact:
        i = _index(book, old)
        checked.extra = book.contacts[i].extra
        book.contacts[i] = checked
        return checked

    return _change(change, path)


def _index(book: SupportBook, ref: str | Contact) -> int:
    if isinstance(ref, str):
        return find(book, ref)
    for i, contact in enumerate(book.contacts):
        if contact == ref:
            return i
    raise InvalidInput("that contact was changed or removed elsewhere meanwhile; look at the "
                       "list again")


# --- what to show ------------------------------------------------------------------

def contact_line(contact: Contact) -> str:
    """"Dr Lee (therapist): 555 0100, Tuesdays" on one line."""
    kind = f" ({contact.kind_words})" if contact.kind and contact.kind != "other" else ""
    reach = "; ".join(line.strip() for line in contact.reach.splitlines() if line.strip())
    return f"{contact.name}{kind}" + (f": {reach}" if reach else "")


def what_to_show(contacts: list[Contact], in_app: bool = False) -> list[str]:
    """The lines every place shows: the person's contacts, or the general line and how
    to add one. Plain text; the caller shows it safely (textsafe.visible)."""
    if not contacts:
        return [GENERAL, HOW_TO_ADD[in_app]]
    # The crisis line first: in a small dialog it must not sit below the fold.
    lines = [GENERAL, HEADING]
    # A crisis line the person chose comes first among their own, for the same reason.
    for contact in sorted(contacts, key=lambda c: c.kind != "crisis-line"):
        lines.append(f"  {contact_line(contact)}")
        note = " ".join(contact.note.split())
        if note:
            lines.append(f"    {note}")
    return lines


def at_hand(in_app: bool = False, path: Path | None = None) -> list[str]:
    """`what_to_show` for the saved contacts; a broken file still gives the general line."""
    try:
        contacts = load(path).contacts
    except IfsError as err:
        return [GENERAL, f"Your support contacts could not be read: {err}"]
    return what_to_show(contacts, in_app)


def for_pack(pack: Pack, in_app: bool = False) -> list[str]:
    """What a pack with `support = true` shows at its start and end; nothing otherwise."""
    return at_hand(in_app) if pack.support else []
