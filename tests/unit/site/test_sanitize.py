"""The allow-list sanitizer that runs over the HTML of every generated page."""

from __future__ import annotations

from aiss.site.sanitize import clean


def test_scripts_handlers_and_bad_urls_are_removed() -> None:
    dirty = (
        '<p onclick="x()">a<script>alert(1)</script><img src=x onerror=alert(1)>'
        '<a href="javascript:alert(1)">j</a><a href="../ok/">ok</a>'
        '<a href="https://x.org/">x</a><iframe src="https://x.org"></iframe>'
        '<svg onload="alert(1)"></svg><style>p{}</style></p>'
    )
    assert clean(dirty) == '<p>a<a>j</a><a href="../ok/">ok</a><a href="https://x.org/">x</a></p>'


def test_what_the_site_needs_survives() -> None:
    ok = (
        '<h3 id="R-01">R-01 <span class="aiss-level aiss-level-must">MUST</span>'
        '<a class="headerlink" href="#R-01" title="Permanent link">¶</a></h3>'
        '<div class="admonition warning"><p class="admonition-title">Draft</p></div>'
        '<form class="aiss-filters" data-catalog-filters="" hidden="">'
        '<label>S <select data-filter="status"><option value="">All</option></select></label></form>'
        '<table data-catalog=""><tbody><tr data-status="draft"><td><code>x</code></td></tr></tbody></table>'
    )
    assert clean(ok) == ok
