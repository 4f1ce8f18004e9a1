"""Every route is either on the public list or protected by a role check.

A role check marks its view with `required_roles` (the accounts capability adds the
decorator), so this test can see it without calling the view.
"""

# Public pages: anyone may read the directory. Anything else must check a role.
PUBLIC_ENDPOINTS = {
    "static",
    "directory.home",
    "directory.categories",
    "directory.category",
    "directory.service",
    "directory.organisation",
    "search.results",
    "reports.report_sent",
    "funding.checker_start",
    "funding.checker_question",
    "funding.checker_check_answers",
    "funding.checker_result",
    "funding.savings_calculator",
    "articles.index",
    "articles.guide",
    "directory.short_link",
    "booklets.booklet",
    "booklets.clear_check",
    "booklets.pdf",
    "booklets.read",
    "booklets.find",
    "booklets.saved",
    "booklets.saved_pdf",
    "booklets.saved_read",
    "booklets.ready_made",
    # Talking Points: where they are, and a booking seen again from this browser's session.
    "talking_points.index",
    "talking_points.privacy",
    "talking_points.confirmation",
    "talking_points.confirmation_ics",
    "talking_points.confirmation_print",
    "talking_points.booking",
    "talking_points.booking_ics_file",
    "talking_points.booking_print",
    # Accessibility: the statement, and what "Finish and clear my data" cleared.
    "access.statement",
    "access.finished",
    # Pages read aloud: the MP3 of a public guide or service page.
    "listen.guide",
    "listen.service",
    # The Open Referral UK API: the public directory as JSON, and its description.
    "api.index",
    "api.openapi",
    "api.about",
    "api.services",
    "api.service",
    "api.service_at_locations",
    "api.service_at_location",
    "api.organizations",
    "api.organization",
    "api.taxonomies",
    "api.taxonomy",
    "api.taxonomy_terms",
    "api.taxonomy_term",
}
# Public forms: anyone may sign in, ask to join, or report a problem; they also take POST.
PUBLIC_FORMS = {
    "accounts.sign_in",
    "accounts.two_factor",
    "accounts.set_password",
    "accounts.forgot_password",
    "accounts.join",
    "reports.report_problem",
    "feedback.give",
    # Anyone builds a booklet: it lives in their own session until they save it.
    "booklets.add",
    "booklets.remove",
    "booklets.change",
    "booklets.clear",
    "booklets.open_saved",
    "booklets.use_ready_made",
    # Anyone books a Talking Point appointment, and finds it again by reference to move or
    # cancel it: no account.
    "talking_points.when",
    "talking_points.who",
    "talking_points.details",
    "talking_points.topics",
    "talking_points.support",
    "talking_points.check",
    "talking_points.find_booking",
    "talking_points.change_time",
    "talking_points.cancel",
    "talking_points.finish",
    # Anyone sets their text size and colours (a cookie, no account), and clears their data
    # on a shared computer.
    "access.settings",
    "access.finish",
}


def test_every_route_is_public_or_checks_a_role(tmp_path):
    from tests.conftest import build_app

    app = build_app(tmp_path)
    unprotected = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint in PUBLIC_ENDPOINTS | PUBLIC_FORMS:
            continue
        if not getattr(view, "required_roles", None):
            unprotected.append(rule.rule)
    assert not unprotected, f"routes with no role check: {unprotected}"


def test_public_pages_only_answer_get(tmp_path):
    from tests.conftest import build_app

    app = build_app(tmp_path)
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
