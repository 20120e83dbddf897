"""The database tables, one module per kind of record."""

from app.learning.models.accounts import User
from app.learning.models.attempts import Attempt, GradeDictionary
from app.learning.models.cmi5 import Cmi5MoveOn
from app.learning.models.counters import RateCounter
from app.learning.models.courses import Course, Lesson, LessonRevision
from app.learning.models.invitations import Invitation
from app.learning.models.learners import Learner, Position, Statement
from app.learning.models.lti import (
    LtiAccount,
    LtiContext,
    LtiContextLesson,
    LtiGradeLink,
    LtiLogin,
    LtiPlatform,
    LtiToolKey,
)
from app.learning.models.outbox import OutboxEntry
from app.learning.models.sessions import UserSession
from app.learning.models.staff import CourseStaff
from app.learning.models.summaries import LessonLearner, ReviewEntry

__all__ = [
    "Attempt",
    "Cmi5MoveOn",
    "Course",
    "GradeDictionary",
    "CourseStaff",
    "Invitation",
    "Learner",
    "Lesson",
    "LessonLearner",
    "LessonRevision",
    "LtiAccount",
    "LtiContext",
    "LtiContextLesson",
    "LtiGradeLink",
    "LtiLogin",
    "LtiPlatform",
    "LtiToolKey",
    "ReviewEntry",
    "OutboxEntry",
    "Position",
    "RateCounter",
    "Statement",
    "User",
    "UserSession",
]
