"""The newer part fields in the app: the form's "How you relate to it", the details
pane with the status history, and what each side of a polarized link fears."""

from __future__ import annotations

import tomllib

from textual.widgets import Collapsible, Input, Select, TextArea

from ifs_tui.app.screens.links import LinkScreen
from ifs_tui.app.screens.main import MainScreen
from ifs_tui.app.screens.part_form import PartFormScreen
from ifs_tui.app.widgets.part_details import PartDetails
from ifs_tui.core import services
from ifs_tui.core.storage import MapStore

from .conftest import ready, text_of


def on_disk(store: MapStore) -> dict:
    return tomllib.loads(store.path.read_text())


async def test_form_fills_how_you_relate_and_details_show_it(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        app.screen.select("inner-critic")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PartFormScreen)
        assert form.query_one("#relating", Collapsible).collapsed  # nothing there yet
        status = form.query_one("#f-status", Select)
        assert [str(prompt) for prompt, _ in status._options] == [
            "noticed", "getting to know", "befriended", "unburdened"]  # in words
        form.query_one("#f-feel_toward", TextArea).text = "curious, a little wary"
        form.query_one("#f-intent", TextArea).text = "that I am never laughed at"
        form.query_one("#f-first_appeared", Input).value = "around the first school report"
        form.query_one("#f-burdens", TextArea).text = "I must be perfect\n\nmistakes are danger"
        form.query_one("#f-status", Select).value = "getting-to-know"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        part = on_disk(store)["parts"][0]
        assert part["feel_toward"] == "curious, a little wary"
        assert part["feel_toward_noted"] == part["updated"]
        assert part["intent"] == "that I am never laughed at"
        assert part["first_appeared"] == "around the first school report"
        assert part["burdens"] == ["I must be perfect", "mistakes are danger"]
        assert part["status_history"] == [{"status": "getting-to-know",
                                           "changed": part["updated"], "by": "edit"}]
        shown = text_of(app.screen.query_one(PartDetails))
        assert "getting to know since" in shown and "(edited)" in shown
        assert "How I feel toward it" in shown and "curious, a little wary (noted" in shown
        assert "Wants for me" in shown and "Burdens it carries" in shown
        await pilot.press("e")  # the section opens when it holds something
        await pilot.pause()
        assert not app.screen.query_one("#relating", Collapsible).collapsed
        await pilot.press("escape")
        await pilot.pause()


async def test_an_error_in_a_relating_field_opens_its_section(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        app.screen.select("numbing")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#f-first_appeared", Input).value = "bell\x07"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and not form.query_one("#relating", Collapsible).collapsed
        assert "control characters" in text_of(form.query_one("#e-first_appeared"))
        assert "first_appeared" not in on_disk(store)["parts"][2]


async def test_details_tell_the_status_history_plainly(store, make_app) -> None:
    with store.edit() as pmap:
        part = pmap.part("little-one")
        services.apply_changes(part, services.PartChanges(status="getting-to-know"))
        services.apply_changes(part, services.PartChanges(status="befriended"),
                               by="20261103-101500-meet-a-protector")
        store.save(pmap)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        app.screen.select("little-one")
        await pilot.pause()
        shown = text_of(app.screen.query_one(PartDetails))
        assert "befriended since" in shown and "(from a reflection)" in shown
        assert "Status before" in shown and "getting to know on" in shown


async def test_polarized_link_keeps_each_sides_fear(store, make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        app.screen.select("numbing")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        links = app.screen
        assert isinstance(links, LinkScreen)
        assert not links.query_one("#my-fears", Input).display  # protects: not offered
        links.query_one("#kind", Select).value = "polarized"
        await pilot.pause()
        assert links.query_one("#my-fears", Input).display
        links.query_one("#other", Select).value = "inner-critic"
        links.query_one("#my-fears", Input).value = "that the Critic would never let up"
        await pilot.press("ctrl+s")
        await pilot.pause()
        rel = on_disk(store)["relationships"][-1]
        assert rel == {"from": "numbing", "to": "inner-critic", "kind": "polarized",
                       "from_fears": "that the Critic would never let up"}
        # The same link again with the other side's fear: added to the link.
        links.query_one("#other", Select).value = "inner-critic"
        links.query_one("#their-fears", Input).value = "that Numbing would shut me down"
        await pilot.press("ctrl+s")
        await pilot.pause()
        rels = on_disk(store)["relationships"]
        assert len(rels) == 2 and rels[-1]["to_fears"] == "that Numbing would shut me down"
        assert rels[-1]["from_fears"] == "that the Critic would never let up"
        assert "Numbing's fear about Inner Critic" in text_of(links.query_one("#current"))
        links.query_one("#their-fears", Input).value = "typed, not added"
        await pilot.press("escape")  # typed words are not dropped without asking
        await pilot.pause()
        assert not isinstance(app.screen, MainScreen)
