"""What keeps the long pages light on a phone as they load (issue 18, Lighthouse performance)."""

from __future__ import annotations

import pytest
from helpers import CODES, prefix

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("code", CODES)
def test_no_rule_restyles_every_element_while_the_colour_scheme_switches(server, page, code):
    # Material marks the body with this attribute while it applies the scheme, on every load; a
    # rule "[data-md-color-switching] *" made the browser restyle the whole page twice for it.
    page.goto(f"{server}{prefix(code)}reference/")
    page.wait_for_load_state("load")
    selectors = page.evaluate(
        "() => [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]).map((rule) => rule.selectorText || '')"
    )
    assert len(selectors) > 1000  # Material's stylesheets are read
    assert [selector for selector in selectors if "data-md-color-switching" in selector] == []
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") in ("default", "slate")
