"""LTI 1.3: a test LMS (its own keys, over real HTTP) launches lessons, places them by deep
linking and receives grades; every refusal gets a readable 400 page and signs no one in."""

from __future__ import annotations

import time

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from app.core.lti.launch import AGS_ENDPOINT, DEPLOYMENT_ID, MESSAGE_TYPE, ROLES
from app.learning.db import db
from app.learning.lti.remote import platform_keys
from app.learning.models.accounts import User
from app.learning.models.lti import LtiAccount, LtiGradeLink
from tests import activity_answers as answers
from tests.lessons import SLUG
from tests.lti_platform import CLIENT_ID, LEARNER, ServedLms, login_redirect_query
from tests.users import add_user


@pytest.fixture
def lms():
    served = ServedLms()
    platform_keys.clear()
    yield served.lms
    served.close()


@pytest.fixture
def registered(app, lesson, lms, runner):
    reg = lms.registration()
    result = runner.invoke(
        args=[
            "lti", "register", "--name", reg["name"], "--issuer", reg["issuer"],
            "--client-id", reg["client_id"], "--auth-login-url", reg["auth_login_url"],
            "--auth-token-url", reg["auth_token_url"], "--jwks-url", reg["jwks_url"],
            "--deployment-id", reg["deployment_ids"][0],
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return lms


TARGET = f"http://localhost/lessons/{SLUG}"


def start(client, lms, target: str = TARGET) -> dict[str, str]:
    """The LMS's login initiation; returns the authentication request's query (state, nonce)."""
    response = client.post(
        "/lti/login",
        data={
            "iss": lms.issuer,
            "login_hint": "42",
            "target_link_uri": target,
            "lti_message_hint": "link-1",
            "client_id": CLIENT_ID,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.location.startswith(lms.base + "/auth?")
    return login_redirect_query(response.location)


def launch(client, lms, *, claims=None, target: str = TARGET, **changes):
    query = start(client, lms, target)
    made = (
        claims(query["nonce"], target) if claims else lms.claims(query["nonce"], target, **changes)
    )
    return client.post("/lti/launch", data={"id_token": lms.sign(made), "state": query["state"]})


def signed_in_email(client) -> str | None:
    response = client.get("/account")
    if response.status_code != 200:
        return None
    with client.application.app_context():
        users = db.session.scalars(db.select(User.email)).all()
    page = response.get_data(as_text=True)
    return next((email for email in users if email in page), None)


def test_the_login_asks_the_lms_for_an_id_token_with_a_state_and_nonce_of_its_own(app, registered):
    query = start(app.test_client(), registered)
    assert query["response_type"] == "id_token"
    assert query["response_mode"] == "form_post"
    assert query["scope"] == "openid"
    assert query["prompt"] == "none"
    assert query["client_id"] == CLIENT_ID
    assert query["login_hint"] == "42"
    assert query["lti_message_hint"] == "link-1"
    assert query["redirect_uri"].endswith("/lti/launch")
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32


def test_a_launch_signs_in_a_platform_scoped_account_and_opens_the_lesson(app, registered):
    client = app.test_client()
    response = launch(client, registered)
    assert response.status_code == 303
    assert response.location.endswith(f"/lessons/{SLUG}")
    assert client.get(f"/lessons/{SLUG}").status_code == 200
    with app.app_context():
        account = db.session.scalar(db.select(LtiAccount))
        assert account.subject == "lms-user-42"
        assert account.user.name == "Ada Lovelace"
        # The LMS's claimed email does not become the account's: it is scoped to the platform.
        assert account.user.email.endswith(".invalid")
        assert not account.user.check_password("")
    assert client.get("/dashboard").status_code == 200


def test_the_same_lms_user_comes_back_to_the_same_account_and_another_gets_their_own(
    app, registered
):
    launch(app.test_client(), registered)
    launch(app.test_client(), registered)
    launch(app.test_client(), registered, sub="someone-else")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(LtiAccount)) == 2
        assert len({a.user_id for a in db.session.scalars(db.select(LtiAccount))}) == 2


def test_an_email_the_lms_claims_never_opens_an_account_made_here(app, registered):
    add_user(app, "ada@school.example")
    client = app.test_client()
    assert launch(client, registered, email="ada@school.example").status_code == 303
    with app.app_context():
        account = db.session.scalar(db.select(LtiAccount))
        assert account.user.email != "ada@school.example"


def without_csrf(app):
    """For posting answers in these tests (the LTI endpoints themselves keep CSRF on: they are
    exempt, and these tests show the exemption works)."""
    app.config["WTF_CSRF_ENABLED"] = False


def test_progress_made_anonymously_in_the_browser_comes_along(app, registered):
    without_csrf(app)
    client = app.test_client()
    activity = "reflection-1"
    assert client.get(f"/lessons/{SLUG}").status_code == 200
    answer = {"answer": ["Sorry for the delay."], "revision": ["1"]}
    assert client.post(f"/lessons/{SLUG}/activities/{activity}", data=answer).status_code == 302
    launch(client, registered)
    with app.app_context():
        account = db.session.scalar(db.select(LtiAccount))
        from app.learning.models.attempts import Attempt
        from app.learning.models.learners import Learner

        learner = db.session.scalar(db.select(Learner).filter_by(user_id=account.user_id))
        attempts = db.session.scalars(db.select(Attempt).filter_by(learner_id=learner.id)).all()
        assert [a.activity_id for a in attempts] == [activity]


def refused(response) -> str:
    assert response.status_code == 400, response.status_code
    page = response.get_data(as_text=True)
    assert "This launch from your LMS was refused" in page
    return page


def assert_nobody_signed_in(app):
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(LtiAccount)) == 0


def test_a_token_signed_with_another_key_is_refused(app, registered):
    client = app.test_client()
    query = start(client, registered)
    forger = RSAKey.generate_key(2048, parameters={"kid": registered.key.kid}, private=True)
    token = registered.sign(registered.claims(query["nonce"], TARGET), key=forger)
    page = refused(client.post("/lti/launch", data={"id_token": token, "state": query["state"]}))
    assert "signature" in page
    assert_nobody_signed_in(app)


def test_a_token_for_another_tool_is_refused(app, registered):
    page = refused(launch(app.test_client(), registered, aud="another-tool"))
    assert "another tool" in page
    assert_nobody_signed_in(app)


def test_an_expired_token_is_refused(app, registered):
    past = int(time.time()) - 3600
    page = refused(launch(app.test_client(), registered, exp=past, iat=past - 60))
    assert "expired" in page
    assert_nobody_signed_in(app)


def test_an_unknown_deployment_is_refused(app, registered):
    page = refused(launch(app.test_client(), registered, **{DEPLOYMENT_ID: "not-registered"}))
    assert "not-registered" in page and "flask lti register" in page
    assert_nobody_signed_in(app)


def test_a_replayed_launch_is_refused(app, registered):
    client = app.test_client()
    query = start(client, registered)
    data = {"id_token": registered.sign(registered.claims(query["nonce"], TARGET))}
    data["state"] = query["state"]
    assert client.post("/lti/launch", data=data).status_code == 303
    assert "already used" in refused(app.test_client().post("/lti/launch", data=data))


def test_a_token_replayed_under_a_new_login_fails_its_nonce(app, registered):
    client = app.test_client()
    first = start(client, registered)
    token = registered.sign(registered.claims(first["nonce"], TARGET))
    second = start(client, registered)
    page = refused(client.post("/lti/launch", data={"id_token": token, "state": second["state"]}))
    assert "nonce" in page


def test_a_launch_from_another_issuer_or_without_a_state_is_refused(app, registered):
    client = app.test_client()
    page = refused(launch(client, registered, iss="https://evil.example"))
    assert "issuer" in page
    fresh = app.test_client()
    assert "state" in refused(fresh.post("/lti/launch", data={"id_token": "x.y.z"}))
    query = start(client, registered)
    refused(client.post("/lti/launch", data={"id_token": "not a jwt", "state": query["state"]}))
    assert_nobody_signed_in(app)


def test_a_launch_posted_in_another_browser_than_the_login_is_refused(app, registered):
    client = app.test_client()
    query = start(client, registered)
    other = app.test_client()
    other.set_cookie("lti_state", "someone-elses-state", path="/lti/launch")
    token = registered.sign(registered.claims(query["nonce"], TARGET))
    page = refused(other.post("/lti/launch", data={"id_token": token, "state": query["state"]}))
    assert "another browser" in page


def test_the_login_refuses_unknown_platforms_and_targets_elsewhere(app, registered):
    client = app.test_client()
    response = client.post(
        "/lti/login",
        data={"iss": "https://unknown.example", "login_hint": "1", "target_link_uri": TARGET},
    )
    assert response.status_code == 400
    assert "flask lti register" in response.get_data(as_text=True)
    response = client.post(
        "/lti/login",
        data={
            "iss": registered.issuer,
            "login_hint": "1",
            "target_link_uri": "https://evil.example/",
        },
    )
    assert response.status_code == 400
    assert "not on this site" in response.get_data(as_text=True)
    response = client.post("/lti/login", data={"iss": registered.issuer})
    assert response.status_code == 400
    assert "login_hint" in response.get_data(as_text=True)


def test_only_the_launching_lms_may_frame_the_launched_session(app, registered):
    client = app.test_client()
    launch(client, registered)
    framed = client.get(f"/lessons/{SLUG}")
    policy = framed.headers["Content-Security-Policy"]
    assert f"frame-ancestors 'self' {registered.base}" in policy
    assert "X-Frame-Options" not in framed.headers
    plain = app.test_client().get(f"/lessons/{SLUG}")
    assert "frame-ancestors 'none'" in plain.headers["Content-Security-Policy"]
    assert plain.headers["X-Frame-Options"] == "DENY"


def tool_keys(client) -> KeySet:
    response = client.get("/lti/jwks.json")
    assert response.status_code == 200
    return KeySet.import_key_set(response.get_json())


def test_deep_linking_places_chosen_lessons_in_the_lms_signed_by_the_tool(app, registered):
    client = app.test_client()
    response = launch(client, registered, claims=registered.deep_linking_claims)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'value="{SLUG}"' in page
    state = page.split('name="state" value="', 1)[1].split('"', 1)[0]
    answer = client.post("/lti/deep-link", data={"state": state, "item": [SLUG]})
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert f'action="{registered.base}/deep-link-return"' in html
    assert f"form-action 'self' {registered.base}" in answer.headers["Content-Security-Policy"]
    signed = html.split('name="JWT" value="', 1)[1].split('"', 1)[0]
    claims = jwt.decode(signed, tool_keys(client), algorithms=["RS256"]).claims
    assert claims["iss"] == CLIENT_ID and claims["aud"] == registered.issuer
    assert claims[MESSAGE_TYPE] == "LtiDeepLinkingResponse"
    assert claims[DEPLOYMENT_ID] == "deployment-1"
    assert claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "opaque-csrf-data"
    items = claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]
    assert [i["type"] for i in items] == ["ltiResourceLink"]
    assert items[0]["url"].endswith(f"/lessons/{SLUG}")
    assert items[0]["lineItem"]["scoreMaximum"] == 100
    again = client.post("/lti/deep-link", data={"state": state, "item": [SLUG]})
    assert again.status_code == 400


def test_a_single_activity_can_be_placed_too(app, registered):
    client = app.test_client()
    page = launch(client, registered, claims=registered.deep_linking_claims).get_data(as_text=True)
    state = page.split('name="state" value="', 1)[1].split('"', 1)[0]
    html = client.post("/lti/deep-link", data={"state": state, "item": [f"{SLUG}#quiz-1"]})
    signed = html.get_data(as_text=True).split('name="JWT" value="', 1)[1].split('"', 1)[0]
    claims = jwt.decode(signed, tool_keys(client), algorithms=["RS256"]).claims
    items = claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]
    assert items[0]["url"].endswith(f"/lessons/{SLUG}#quiz-1")


def test_a_learner_cannot_deep_link_and_a_made_up_state_is_refused(app, registered):
    client = app.test_client()
    response = launch(
        client,
        registered,
        claims=lambda nonce, target: registered.deep_linking_claims(
            nonce, target, **{ROLES: [LEARNER]}
        ),
    )
    assert response.status_code == 403
    assert (
        client.post("/lti/deep-link", data={"state": "made-up", "item": [SLUG]}).status_code == 400
    )


def answer_right(client, lesson, activity_id: str):
    without_csrf(client.application)
    activity = lesson.content.activities[activity_id]
    fields = answers.right(activity) | {"revision": ["1"]}
    return client.post(f"/lessons/{SLUG}/activities/{activity_id}", data=fields)


def test_the_lesson_score_goes_to_the_lms_line_item_when_it_changes(app, registered, lesson):
    client = app.test_client()
    launch(client, registered)
    assert answer_right(client, lesson, "quiz-1").status_code == 302
    app.extensions["jobs"].wait()
    assert len(registered.scores) == 1
    sent = registered.scores[0]
    assert sent["path"].startswith("/lineitems/1/scores?course=7")
    assert sent["content_type"] == "application/vnd.ims.lis.v1.score+json"
    assert sent["authorization"] == "Bearer lms-access"
    body = sent["body"]
    assert body["userId"] == "lms-user-42"
    assert 0 < body["scoreGiven"] <= body["scoreMaximum"] == 100
    assert body["gradingProgress"] == "FullyGraded"
    # The access token was asked for with a client assertion the tool signed.
    request = registered.token_requests[0]
    assert request["grant_type"] == ["client_credentials"]
    assert request["scope"] == ["https://purl.imsglobal.org/spec/lti-ags/scope/score"]
    assertion = jwt.decode(request["client_assertion"][0], tool_keys(client), algorithms=["RS256"])
    assert assertion.claims["iss"] == CLIENT_ID == assertion.claims["sub"]
    assert assertion.claims["aud"] == f"{registered.base}/token"
    # The same score is not sent twice; a better one is.
    assert answer_right(client, lesson, "quiz-1").status_code == 302
    app.extensions["jobs"].wait()
    assert len(registered.scores) == 1
    assert answer_right(client, lesson, "process-map-1").status_code == 302
    app.extensions["jobs"].wait()
    assert len(registered.scores) == 2
    assert registered.scores[1]["body"]["scoreGiven"] > body["scoreGiven"]


def test_a_score_the_lms_refuses_is_kept_and_sent_by_a_retry(app, registered, lesson, runner):
    client = app.test_client()
    launch(client, registered)
    registered.fail_scores = 1
    answer_right(client, lesson, "quiz-1")
    app.extensions["jobs"].wait()
    assert registered.scores == []
    with app.app_context():
        link = db.session.scalar(db.select(LtiGradeLink))
        assert link.status == "pending" and link.tries == 1
        assert "503" in link.last_error
    result = runner.invoke(args=["lti", "retry"])
    assert result.exit_code == 0, result.output
    assert "1 grade(s) queued" in result.output
    assert len(registered.scores) == 1
    with app.app_context():
        assert db.session.scalar(db.select(LtiGradeLink.status)) == "sent"


def test_a_launch_without_grade_services_records_no_line_item(app, registered, lesson):
    client = app.test_client()
    launch(client, registered, **{AGS_ENDPOINT: None})
    answer_right(client, lesson, "quiz-1")
    app.extensions["jobs"].wait()
    assert registered.scores == []
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(LtiGradeLink)) == 0


def test_register_explains_bad_input_and_list_shows_platforms(app, registered, runner):
    result = runner.invoke(
        args=[
            "lti", "register", "--issuer", "https://lms.example", "--client-id", "c",
            "--auth-login-url", "ftp://lms.example/auth", "--auth-token-url",
            "https://lms.example/token", "--jwks-url", "https://lms.example/jwks",
            "--deployment-id", "d",
        ]
    )  # fmt: skip
    assert result.exit_code != 0
    assert "https://" in result.output and "ftp://lms.example/auth" in result.output
    listed = runner.invoke(args=["lti", "list"])
    assert registered.issuer in listed.output


def test_the_tool_publishes_its_keys_and_configuration(app, registered):
    client = app.test_client()
    keys = client.get("/lti/jwks.json").get_json()["keys"]
    assert keys and all("d" not in k for k in keys)  # public halves only
    config = client.get("/lti/config.json").get_json()
    assert config["initiate_login_uri"].endswith("/lti/login")
    assert config["redirect_uris"][0].endswith("/lti/launch")
    assert config["jwks_uri"].endswith("/lti/jwks.json")


def test_instructors_see_grades_that_did_not_reach_their_lms_and_can_send_them_again(
    app, registered, lesson
):
    from tests.users import signed_in_client

    client = app.test_client()
    launch(client, registered)
    registered.fail_scores = 99
    answer_right(client, lesson, "quiz-1")
    app.extensions["jobs"].wait()
    teacher = signed_in_client(app, "teach@example.org", "instructor")
    page = teacher.get("/instructor/lms").get_data(as_text=True)
    assert "Waiting (1 tries)" in page and "503" in page
    assert "Register an LMS" not in page  # administrators only
    registered.fail_scores = 0
    assert teacher.post("/instructor/lms/retry", data={"submit": "1"}).status_code == 303
    app.extensions["jobs"].wait()
    assert len(registered.scores) == 1
    assert "Every grade has reached its LMS" in teacher.get("/instructor/lms").get_data(
        as_text=True
    )


def test_administrators_register_platforms_in_the_browser_with_clear_errors(app, lesson):
    from tests.users import signed_in_client

    without_csrf(app)
    admin = signed_in_client(app, "admin@example.org", "admin")
    fields = {
        "name": "Moodle",
        "issuer": "https://moodle.school.example",
        "client_id": "abc",
        "auth_login_url": "https://moodle.school.example/mod/lti/auth.php",
        "auth_token_url": "https://moodle.school.example/mod/lti/token.php",
        "jwks_url": "ftp://moodle.school.example/certs.php",
        "deployment_ids": "1\n2",
    }
    refused_page = admin.post("/instructor/lms/platforms", data=fields)
    assert refused_page.status_code == 400
    assert "https://" in refused_page.get_data(as_text=True)
    fields["jwks_url"] = "https://moodle.school.example/mod/lti/certs.php"
    assert admin.post("/instructor/lms/platforms", data=fields).status_code == 303
    page = admin.get("/instructor/lms").get_data(as_text=True)
    assert "https://moodle.school.example" in page and "1, 2" in page
    teacher = signed_in_client(app, "teach@example.org", "instructor")
    assert teacher.post("/instructor/lms/platforms", data=fields).status_code == 403


def test_a_launched_account_can_be_linked_to_an_account_made_here(app, registered, lesson):
    without_csrf(app)
    add_user(app, "ada@example.org", password="ada's own password 1")
    client = app.test_client()
    launch(client, registered)
    answer_right(client, lesson, "quiz-1")
    account_page = client.get("/account").get_data(as_text=True)
    assert "Use an account I already have" in account_page
    assert "Change your password" not in account_page  # a launched account has none
    wrong = client.post("/lti/link", data={"email": "ada@example.org", "password": "nope"})
    assert wrong.status_code == 400
    right = client.post(
        "/lti/link", data={"email": "ada@example.org", "password": "ada's own password 1"}
    )
    assert right.status_code == 302
    with app.app_context():
        from app.learning.models.attempts import Attempt
        from app.learning.models.learners import Learner

        user = db.session.scalar(db.select(User).filter_by(email="ada@example.org"))
        account = db.session.scalar(db.select(LtiAccount))
        assert account.user_id == user.id
        learner = db.session.scalar(db.select(Learner).filter_by(user_id=user.id))
        moved = db.session.scalars(db.select(Attempt.activity_id).filter_by(learner_id=learner.id))
        assert list(moved) == ["quiz-1"]
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1
    # The next launch signs in to the linked account.
    other = app.test_client()
    launch(other, registered)
    assert "ada@example.org" in other.get("/account").get_data(as_text=True)


def test_only_launched_accounts_have_anything_to_link(app, lesson):
    from tests.users import signed_in_client

    client = signed_in_client(app, "someone@example.org", "learner")
    assert client.get("/lti/link").status_code == 404
    assert app.test_client().get("/lti/link").status_code == 302  # to sign in


def registration_path(app) -> str:
    from app.learning.lti.dynamic_registration import registration_key

    return f"/lti/register/{registration_key(app.config['SECRET_KEY'])}"


def test_an_lms_registers_the_tool_dynamically_with_an_administrators_link(app, lesson, lms):
    path = registration_path(app)
    configuration = f"{lms.base}/.well-known/openid-configuration"
    response = app.test_client().get(
        path, query_string={"openid_configuration": configuration, "registration_token": "t0k"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Registered with test-lms" in response.get_data(as_text=True)
    # The LMS shows the page in its frame: only it may.
    assert f"frame-ancestors 'self' {lms.base}" in response.headers["Content-Security-Policy"]
    sent = lms.registrations[0]
    assert sent["authorization"] == "Bearer t0k"
    assert sent["body"]["initiate_login_uri"].endswith("/lti/login")
    assert sent["body"]["jwks_uri"].endswith("/lti/jwks.json")
    with app.app_context():
        from app.learning.lti.platforms import find_platform

        platform = find_platform(lms.issuer, "registered-client")
        assert platform.deployment_ids == ["dynamic-1"]
        assert platform.auth_login_url == f"{lms.base}/auth"


def test_dynamic_registration_refuses_forged_links_and_foreign_issuers(app, lesson, lms):
    client = app.test_client()
    configuration = f"{lms.base}/.well-known/openid-configuration"
    forged = client.get(
        "/lti/register/forged", query_string={"openid_configuration": configuration}
    )
    assert forged.status_code == 404
    path = registration_path(app)
    assert client.get(path).status_code == 400  # not opened by an LMS
    elsewhere = configuration.replace("127.0.0.1", "localhost")
    refused_page = client.get(path, query_string={"openid_configuration": elsewhere})
    assert refused_page.status_code == 400
    assert "another issuer" in refused_page.get_data(as_text=True)
    assert lms.registrations == []


def test_administrators_get_a_registration_link(app, lesson):
    from tests.users import signed_in_client

    admin = signed_in_client(app, "admin@example.org", "admin")
    assert "/lti/register/" in admin.get("/instructor/lms").get_data(as_text=True)
    teacher = signed_in_client(app, "teach@example.org", "instructor")
    assert "/lti/register/" not in teacher.get("/instructor/lms").get_data(as_text=True)


def test_instructors_see_an_lms_courses_roster_beside_progress_here(app, registered, lesson):
    from app.learning.models.lti import LtiContext
    from tests.users import signed_in_client

    client = app.test_client()
    launch(client, registered)
    answer_right(client, lesson, "quiz-1")
    teacher = signed_in_client(app, "teach@example.org", "instructor")
    listing = teacher.get("/instructor/lms").get_data(as_text=True)
    assert "Customer Experience" in listing
    with app.app_context():
        context = db.session.scalar(db.select(LtiContext))
        assert context.roster_url == f"{registered.base}/memberships"
    from tests.lessons import COURSE
    from tests.users import add_to_staff

    add_to_staff(app, "teach@example.org", "owner", COURSE)
    analytics = teacher.get(f"/instructor/lessons/{SLUG}/analytics").get_data(as_text=True)
    assert f"/instructor/lms/courses/{context.id}" in analytics  # the roster, from analytics
    page = teacher.get(f"/instructor/lms/courses/{context.id}").get_data(as_text=True)
    assert "3 members" in page
    rows = {row.split("</td>", 1)[0] for row in page.split("<tr>\n        <td>")[1:]}
    assert rows == {"Ada Lovelace", "Grace Hopper", "Mary Teacher"}
    ada = page.split("Ada Lovelace", 1)[1].split("</tr>", 1)[0]
    assert "<td>1 of 1</td>" in ada  # started the launched lesson
    grace = page.split("Grace Hopper", 1)[1].split("</tr>", 1)[0]
    assert "<td>0 of 1</td>" in grace
    request = registered.roster_requests[0]
    assert request["accept"] == "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
    assert request["authorization"] == "Bearer lms-access"
    assert registered.token_requests[-1]["scope"] == [
        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
    ]


def test_a_roster_the_lms_cannot_give_is_explained(app, registered, lesson):
    from app.learning.models.lti import LtiContext
    from tests.users import signed_in_client

    launch(app.test_client(), registered)
    with app.app_context():
        context = db.session.scalar(db.select(LtiContext))
        context.roster_url = f"{registered.base}/no-such-roster"
        db.session.commit()
        context_id = context.id
    teacher = signed_in_client(app, "teach@example.org", "instructor")
    response = teacher.get(f"/instructor/lms/courses/{context_id}")
    assert response.status_code == 200
    assert "could not be read from the LMS" in response.get_data(as_text=True)
    assert teacher.get("/instructor/lms/courses/999").status_code == 404


def test_in_the_lms_frame_the_launch_checks_cookies_and_offers_a_window_of_its_own(app, registered):
    client = app.test_client()
    query = start(client, registered)
    token = registered.sign(registered.claims(query["nonce"], TARGET))
    response = client.post(
        "/lti/launch",
        data={"id_token": token, "state": query["state"]},
        headers={"Sec-Fetch-Dest": "iframe"},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'data-target="/lessons/{SLUG}"' in page
    assert (
        f"frame-ancestors 'self' {registered.base}" in response.headers["Content-Security-Policy"]
    )
    assert client.get("/lti/session").get_json() == {"signed_in": True}
    window_link = page.split('href="/lti/continue/', 1)[1].split('"', 1)[0]
    # A browser that kept the cookie out of the frame: the new window signs in with the link.
    window = app.test_client()
    assert window.get("/lti/session").get_json() == {"signed_in": False}
    opened = window.get(f"/lti/continue/{window_link}")
    assert opened.status_code == 303 and opened.location.endswith(f"/lessons/{SLUG}")
    assert window.get("/lti/session").get_json() == {"signed_in": True}
    # Once only.
    assert app.test_client().get(f"/lti/continue/{window_link}").status_code == 404
    assert app.test_client().get("/lti/continue/forged").status_code == 404


def test_a_single_activity_placed_in_the_lms_sends_that_activitys_score(app, registered, lesson):
    client = app.test_client()
    target = f"{TARGET}#quiz-1"
    response = launch(client, registered, target=target)
    assert response.status_code == 303 and response.location.endswith(f"/lessons/{SLUG}#quiz-1")
    answer_right(client, lesson, "process-map-1")  # another activity: no score for this item
    app.extensions["jobs"].wait()
    assert registered.scores == []
    answer_right(client, lesson, "quiz-1")
    app.extensions["jobs"].wait()
    (sent,) = registered.scores
    assert sent["body"]["scoreGiven"] == 100  # the quiz's best, not the lesson's mean
    with app.app_context():
        assert db.session.scalar(db.select(LtiGradeLink.activity_id)) == "quiz-1"
