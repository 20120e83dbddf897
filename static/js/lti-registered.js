// LTI Dynamic Registration: tell the LMS that opened this page that registration is done.
(window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*");
