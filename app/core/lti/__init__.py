"""LTI 1.3 (IMS Learning Tools Interoperability): what launches, deep links and grade messages
contain, without the web or the database."""
