"""A pooled server connection is refused before use when its socket has input waiting: the
server sent something (a backend being ended says why) or closed it, though no statement was
sent. Checking costs no round trip."""

from __future__ import annotations

import socket

from app.learning.database import has_input


def test_a_quiet_socket_has_no_input():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        assert not has_input(ours.fileno())


def test_a_message_from_the_other_end_is_input():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(b"E")
        assert has_input(ours.fileno())


def test_a_socket_the_other_end_closed_has_input():
    ours, theirs = socket.socketpair()
    with ours:
        theirs.close()
        assert has_input(ours.fileno())
