"""What keeps the long pages light on a phone as they load (issue 18, Lighthouse performance)."""

from __future__ import annotations

import pytest
from helpers import CODES, prefix

pytestmark = pytest.mark.browser

# Material sets this attribute on <body> while it applies the colour scheme, on every load.
# What its rule matches, and a link's transition before and during the switch.
SWITCH = """() => {
  const walk = (rules) => rules.flatMap((rule) => [rule, ...walk([...(rule.cssRules || [])])]);  // into @media
  const rules = walk([...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]));
  const selector = rules.map((rule) => rule.selectorText || "").find((text) => text.includes("[data-md-color-switching]"));
  const link = document.querySelector(".md-nav__link");
  const before = getComputedStyle(link).transitionDuration;
  document.body.setAttribute("data-md-color-switching", "");
  const result = {
    before,
    during: getComputedStyle(link).transitionDuration,
    linkMatched: link.matches(selector),
    formulaMatched: [...document.querySelectorAll(".katex-html *")].filter((element) => element.matches(selector)).length,
    formulaElements: document.querySelectorAll(".katex-html *").length,
  };
  document.body.removeAttribute("data-md-color-switching");
  return result;
}"""


@pytest.mark.parametrize("code", CODES)
def test_switching_the_scheme_stops_the_themes_transitions_and_leaves_formulas_alone(server, page, code):
    # Material's rule matched every element ("… *"), so each switch restyled the whole page.
    page.goto(f"{server}{prefix(code)}backpropagation/")
    page.wait_for_load_state("load")
    switch = page.evaluate(SWITCH)
    assert switch["before"] != "0s" and switch["during"] == "0s" and switch["linkMatched"], switch
    assert switch["formulaElements"] > 1000 and switch["formulaMatched"] == 0, switch


def test_the_narrowed_rule_names_the_elements_given_a_transition_and_refuses_a_selector_naming_none():
    from sitebuild import BuildError
    from sitebuild.site_files import transitioned

    css = ".md-nav .md-nav__link:not(.x):hover,.md-header>code::before{transition:color .25s}.md-typeset table{transition:none}"
    assert transitioned(css) == [".md-nav__link", "code"]  # pseudo-classes dropped; "transition: none" is no transition
    with pytest.raises(BuildError, match="':focus-visible'"):
        transitioned(".md-nav{color:red}:focus-visible{transition:outline .1s}")  # only "*" would cover it
