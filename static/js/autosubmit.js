// A form marked data-autosubmit is sent as soon as the page loads (the LMS waits for it); its
// button stays for browsers without scripts.
for (const form of document.querySelectorAll("form[data-autosubmit]")) form.requestSubmit();
