"""Every response says it varies by Accept-Encoding, once, beside whatever it varies by already."""

from __future__ import annotations

from flask import Flask, Response

from app.web.compression import compress


def vary_after_compress(response: Response) -> list[str]:
    with Flask(__name__).test_request_context("/"):
        return compress(response).headers.getlist("Vary")


def test_a_response_that_varies_by_nothing_varies_by_accept_encoding():
    assert vary_after_compress(Response("x")) == ["Accept-Encoding"]


def test_a_response_that_varies_already_keeps_that_and_adds_accept_encoding():
    assert vary_after_compress(Response("x", headers={"Vary": "Origin"})) == [
        "Origin, Accept-Encoding"
    ]


def test_a_response_that_varies_by_accept_encoding_says_it_once():
    response = Response("x", headers={"Vary": "Accept-Encoding"})
    assert vary_after_compress(response) == ["Accept-Encoding"]
