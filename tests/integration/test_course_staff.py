"""A course's staff: who may author it, the staff page, the last-owner rule and the command line.

CSRF protection stays on: every form is posted with the token its page gave the client. Who
reaches which route, for every role, is in test_authorisation.py.
"""

from __future__ import annotations

import re

import pytest

from app.learning import staff
from app.learning.db import db
from app.learning.errors import Conflict, LearningError, NotFound
from app.learning.models.accounts import User
from app.learning.models.courses import Course
from app.learning.models.staff import CourseStaff
from tests.conftest import SEED_LESSON
from tests.users import (
    PASSWORD,
    SEED_COURSE,
    add_to_staff,
    add_user,
    signed_in_client,
    signed_in_staff,
)

STAFF_PAGE = f"/instructor/courses/{SEED_COURSE}/staff"
EDIT = f"/instructor/lessons/{SEED_LESSON}/edit"
OWNER_EMAIL = "owner@example.org"


def token(client, path="/instructor/"):
    page = client.get(path)
    return re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def staff_rows(app, course=SEED_COURSE) -> dict[str, str]:
    """``{email: role}`` of the course's staff."""
    with app.app_context():
        course_row = db.session.scalar(db.select(Course).filter_by(slug=course))
        return {m.user.email: m.role for m in staff.staff_of(course_row)}


def user_id(app, email) -> int:
    with app.app_context():
        return db.session.scalar(db.select(User.id).filter_by(email=email))


def add(client, email, role="editor", course=SEED_COURSE, tok=None):
    data = {"email": email, "role": role, "csrf_token": tok or token(client, STAFF_PAGE)}
    return client.post(f"/instructor/courses/{course}/staff/add", data=data)


def remove(client, app, email, course=SEED_COURSE, tok=None):
    url = f"/instructor/courses/{course}/staff/{user_id(app, email)}/remove"
    return client.post(url, data={"csrf_token": tok or token(client, STAFF_PAGE)})


@pytest.fixture
def owner(seeded):
    """The shipped course's only owner."""
    return signed_in_staff(seeded, OWNER_EMAIL)


def rules(app, email):
    """What ``email`` may do to the shipped course, as the learning layer says."""
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email=email))
        course = db.session.scalar(db.select(Course).filter_by(slug=SEED_COURSE))
        return staff.can_edit(user, course), staff.can_manage_staff(user, course)


# The rules, in the learning layer


def test_an_imported_course_has_no_staff_and_only_admins_may_author_it(seeded):
    add_user(seeded, "teach@example.org", "instructor")
    add_user(seeded, "admin@example.org", "admin")
    assert staff_rows(seeded) == {}
    assert rules(seeded, "teach@example.org") == (False, False)
    assert rules(seeded, "admin@example.org") == (True, True)


def test_owners_author_and_choose_staff_and_editors_only_author(seeded):
    for email, role in (("o@example.org", "owner"), ("e@example.org", "editor")):
        add_user(seeded, email, "instructor")
        add_to_staff(seeded, email, role)
    assert rules(seeded, "o@example.org") == (True, True)
    assert rules(seeded, "e@example.org") == (True, False)


def test_staff_whose_account_is_no_longer_an_instructors_may_do_nothing(seeded):
    add_user(seeded, OWNER_EMAIL, "instructor")
    add_to_staff(seeded, OWNER_EMAIL, "owner")
    with seeded.app_context():
        db.session.scalar(db.select(User).filter_by(email=OWNER_EMAIL)).role = "learner"
        db.session.commit()
    assert rules(seeded, OWNER_EMAIL) == (False, False)


def test_only_instructors_and_admins_can_join_a_staff(seeded):
    add_user(seeded, "ada@example.org", "learner")
    with seeded.app_context():
        with pytest.raises(LearningError, match="is not an instructor"):
            staff.teacher_by_email("ada@example.org")
        with pytest.raises(NotFound, match="no account for nobody@example.org"):
            staff.teacher_by_email("nobody@example.org")
        course = db.session.scalar(db.select(Course).filter_by(slug=SEED_COURSE))
        learner = db.session.scalar(db.select(User).filter_by(email="ada@example.org"))
        with pytest.raises(LearningError, match="is not an instructor"):
            staff.add_staff(course, learner, "editor")


def test_the_last_owner_that_can_act_can_be_neither_removed_nor_made_an_editor(seeded):
    """An owner whose account is no longer an instructor's does not count as one."""
    for email in (OWNER_EMAIL, "former@example.org"):
        add_user(seeded, email, "instructor")
        add_to_staff(seeded, email, "owner")
    with seeded.app_context():
        course = db.session.scalar(db.select(Course).filter_by(slug=SEED_COURSE))
        owner = db.session.scalar(db.select(User).filter_by(email=OWNER_EMAIL))
        db.session.scalar(db.select(User).filter_by(email="former@example.org")).role = "learner"
        db.session.commit()
        with pytest.raises(Conflict, match="only owner"):
            staff.remove_staff(course, owner)
        db.session.rollback()
        with pytest.raises(Conflict, match="only owner"):
            staff.add_staff(course, owner, "editor")
        db.session.rollback()
    assert staff_rows(seeded)[OWNER_EMAIL] == "owner"


def test_staff_rows_go_with_their_course(seeded):
    add_user(seeded, OWNER_EMAIL, "instructor")
    add_to_staff(seeded, OWNER_EMAIL, "owner")
    with seeded.app_context():
        db.session.execute(db.delete(Course).filter_by(slug=SEED_COURSE))
        db.session.commit()
        assert db.session.scalar(db.select(db.func.count()).select_from(CourseStaff)) == 0


# Creating a course; the instructor home


def test_creating_a_course_makes_its_creator_its_only_owner(seeded):
    teacher = signed_in_client(seeded)
    data = {"slug": "returns", "title": "Returns", "csrf_token": token(teacher)}
    assert teacher.post("/instructor/courses/new", data=data).status_code == 302
    assert staff_rows(seeded, "returns") == {"teach@example.org": "owner"}
    home = teacher.get("/instructor/").text
    assert "Returns" in home and "You are an owner of this course." in home


def test_an_instructor_cannot_touch_a_course_another_instructor_created(seeded):
    first, second = signed_in_client(seeded), signed_in_client(seeded, "b@example.org")
    data = {"slug": "returns", "title": "Returns", "csrf_token": token(first)}
    first.post("/instructor/courses/new", data=data)
    data = {"slug": "returns-1", "title": "One", "csrf_token": token(first)}
    assert first.post("/instructor/courses/returns/lessons/new", data=data).status_code == 302
    assert second.get("/instructor/lessons/returns-1/edit").status_code == 403
    data = {"slug": "returns-2", "title": "Two", "csrf_token": token(second)}
    response = second.post("/instructor/courses/returns/lessons/new", data=data)
    assert response.status_code == 403
    assert "Only the staff of “Returns” can work on it." in response.text
    assert "Returns" not in second.get("/instructor/").text


def test_the_instructor_home_lists_only_the_courses_one_is_on_the_staff_of(seeded):
    editor = signed_in_staff(seeded, "e@example.org", "editor")
    stranger = signed_in_client(seeded, "s@example.org")
    admin = signed_in_client(seeded, "admin@example.org", "admin")
    title = "Order Management &amp; Fulfillment Basics"
    page = editor.get("/instructor/").text
    assert title in page and "You are an editor of this course." in page
    assert STAFF_PAGE not in page  # editors don't choose the staff
    page = stranger.get("/instructor/").text
    assert title not in page and "You are not on the staff of any course yet." in page
    page = admin.get("/instructor/").text
    assert title in page and "as an admin" in page and STAFF_PAGE in page


# The staff page


def test_an_owner_adds_an_editor_by_email_who_then_may_edit(seeded, owner):
    editor = signed_in_client(seeded, "ed@example.org")
    assert editor.get(EDIT).status_code == 403
    response = add(owner, "Ed@Example.org", "editor")
    assert response.status_code == 302 and response.headers["Location"].endswith(STAFF_PAGE)
    assert "ed@example.org is an editor of" in owner.get(STAFF_PAGE).text
    assert staff_rows(seeded) == {OWNER_EMAIL: "owner", "ed@example.org": "editor"}
    assert editor.get(EDIT).status_code == 200
    assert editor.get(STAFF_PAGE).status_code == 403


def test_an_owner_removes_an_editor_who_then_may_not_edit(seeded, owner):
    editor = signed_in_staff(seeded, "ed@example.org", "editor")
    assert editor.get(EDIT).status_code == 200
    assert remove(owner, seeded, "ed@example.org").status_code == 302
    assert staff_rows(seeded) == {OWNER_EMAIL: "owner"}
    assert editor.get(EDIT).status_code == 403


def test_an_owner_makes_an_editor_an_owner_and_can_then_leave(seeded, owner):
    signed_in_staff(seeded, "ed@example.org", "editor")
    assert add(owner, "ed@example.org", "owner").status_code == 302
    response = remove(owner, seeded, OWNER_EMAIL)
    assert response.status_code == 302 and response.headers["Location"].endswith("/instructor/")
    assert staff_rows(seeded) == {"ed@example.org": "owner"}
    assert owner.get(STAFF_PAGE).status_code == 403


@pytest.mark.parametrize("change", ["remove", "make editor"])
def test_the_last_owner_is_kept_and_told_why(seeded, owner, change):
    if change == "remove":
        response = remove(owner, seeded, OWNER_EMAIL)
    else:
        response = add(owner, OWNER_EMAIL, "editor")
    assert response.status_code == 409
    assert "is the only owner of" in response.text and "make someone else an owner" in response.text
    assert staff_rows(seeded) == {OWNER_EMAIL: "owner"}


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("nobody@example.org", "There is no account for nobody@example.org."),
        ("ada@example.org", "ada@example.org is not an instructor."),
        ("not an address", "Invalid email address."),
    ],
)
def test_only_an_instructors_account_can_be_added(seeded, owner, email, message):
    add_user(seeded, "ada@example.org", "learner")
    response = add(owner, email)
    assert response.status_code == 400 and message in response.text
    assert staff_rows(seeded) == {OWNER_EMAIL: "owner"}


def test_an_unknown_role_is_refused(seeded, owner):
    add_user(seeded, "ed@example.org", "instructor")
    response = add(owner, "ed@example.org", "admin")
    assert response.status_code == 400 and "Not a valid choice" in response.text
    assert staff_rows(seeded) == {OWNER_EMAIL: "owner"}


def test_removing_someone_not_on_the_staff_is_404(seeded, owner):
    add_user(seeded, "ed@example.org", "instructor")
    assert remove(owner, seeded, "ed@example.org").status_code == 404
    url = f"/instructor/courses/{SEED_COURSE}/staff/9999/remove"
    assert owner.post(url, data={"csrf_token": token(owner)}).status_code == 404


def test_an_admin_gives_an_imported_course_its_first_owner(seeded):
    admin = signed_in_client(seeded, "admin@example.org", "admin")
    assert "This course has no staff yet: only admins can work on it." in admin.get(STAFF_PAGE).text
    teacher = signed_in_client(seeded)
    assert teacher.get(EDIT).status_code == 403
    assert add(admin, "teach@example.org", "owner").status_code == 302
    assert teacher.get(EDIT).status_code == 200 and teacher.get(STAFF_PAGE).status_code == 200


@pytest.mark.parametrize("action", ["add", "remove"])
@pytest.mark.parametrize("sent", ["no token", "forged token", "another session's token"])
def test_staff_changes_need_this_sessions_csrf_token(seeded, owner, action, sent):
    editor = signed_in_staff(seeded, "ed@example.org", "editor")
    add_user(seeded, "new@example.org", "instructor")
    tok = {"no token": "", "forged token": "forged", "another session's token": token(editor)}[sent]
    if action == "add":
        response = add(owner, "new@example.org", "owner", tok=tok or "-")
    else:
        response = remove(owner, seeded, "ed@example.org", tok=tok or "-")
    assert response.status_code == 400 and "CSRF" in response.text
    assert staff_rows(seeded) == {OWNER_EMAIL: "owner", "ed@example.org": "editor"}


def test_the_staff_page_lists_the_staff_owners_first_with_their_actions(seeded, owner):
    signed_in_staff(seeded, "a-editor@example.org", "editor")
    page = owner.get(STAFF_PAGE).text
    assert page.index(OWNER_EMAIL) < page.index("a-editor@example.org")
    assert "Make editor" in page and "Make owner" in page and "Remove" in page
    assert page.count(f'action="{STAFF_PAGE}/add"') == 3  # a role change per row, and adding
    assert page.count('/remove"') == 2
    assert page.count('method="post"') == page.count('name="csrf_token"')  # every form has one


# Accounts


def test_the_only_owner_of_a_course_cannot_delete_their_account_until_there_is_another(
    seeded, owner
):
    def delete():
        data = {"delete-password": PASSWORD, "delete-submit": "1"}
        return owner.post("/account", data=data | {"csrf_token": token(owner, "/account")})

    response = delete()
    assert response.status_code == 409
    assert "You are the only owner of “E-commerce Manager — Customer" in response.text
    assert user_id(seeded, OWNER_EMAIL) is not None
    signed_in_staff(seeded, "ed@example.org", "owner")
    assert delete().status_code == 302
    assert staff_rows(seeded) == {"ed@example.org": "owner"}


# The command line


def test_the_command_line_adds_lists_and_removes_staff(seeded):
    add_user(seeded, "teach@example.org", "instructor")
    add_user(seeded, "ed@example.org", "instructor")
    runner = seeded.test_cli_runner()

    def flask(*args):
        return runner.invoke(args=["courses", "staff", *args])

    result = flask("list", SEED_COURSE)
    assert result.exit_code == 0 and "has no staff: only admins can work on it" in result.output
    result = flask("add", SEED_COURSE, "Teach@example.org", "--role", "owner")
    assert result.exit_code == 0, result.output
    assert "teach@example.org is now owner of" in result.output
    assert flask("add", SEED_COURSE, "ed@example.org").exit_code == 0  # editor by default
    assert flask("list", SEED_COURSE).output == "owner\tteach@example.org\neditor\ted@example.org\n"
    result = flask("remove", SEED_COURSE, "teach@example.org")
    assert result.exit_code == 1 and "is the only owner of" in result.output
    assert flask("remove", SEED_COURSE, "ed@example.org").exit_code == 0
    assert staff_rows(seeded) == {"teach@example.org": "owner"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "no-such-course", "teach@example.org"], "there is no course 'no-such-course'"),
        (["add", SEED_COURSE, "ada@example.org"], "ada@example.org is not an instructor"),
        (["add", SEED_COURSE, "teach@example.org", "--role", "admin"], "'admin' is not one of"),
        (["remove", SEED_COURSE, "teach@example.org"], "is not on the staff of"),
    ],
)
def test_the_command_line_refuses_what_the_page_refuses(seeded, args, message):
    add_user(seeded, "teach@example.org", "instructor")
    add_user(seeded, "ada@example.org", "learner")
    result = seeded.test_cli_runner().invoke(args=["courses", "staff", *args])
    assert result.exit_code != 0 and message in result.output
    assert staff_rows(seeded) == {}
