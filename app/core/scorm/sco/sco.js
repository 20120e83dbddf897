// The package's one SCO. It finds the LMS's SCORM API, opens the lesson hosted on the site named
// in config.js in an iframe (with the package's signed launch token and the LMS's learner id),
// and copies what the hosted lesson posts (progress, score, position) into the LMS's data model.
// Only messages from the hosted lesson's window and the site's origin are read; answer keys never
// come here: the site grades and sends results only.
(function () {
  "use strict";
  var config = window.LEARNWELL_PACKAGE;
  var message = document.getElementById("sco-message");
  var frame = document.getElementById("sco-lesson");
  var started = new Date();
  var finished = false;
  var reported = false; // the hosted lesson has sent its progress at least once

  function findApi(name) {
    var win = window;
    for (var depth = 0; win && depth < 16; depth += 1) {
      try {
        if (win[name]) return win[name];
      } catch (error) {
        // a window of another origin: keep looking further up
      }
      if (win.parent && win.parent !== win) win = win.parent;
      else if (win.opener) win = win.opener;
      else break;
    }
    return null;
  }

  var SCORM12 = {
    name: "API",
    init: function (api) { return api.LMSInitialize(""); },
    get: function (api, key) { return api.LMSGetValue(key); },
    set: function (api, key, value) { return api.LMSSetValue(key, value); },
    commit: function (api) { return api.LMSCommit(""); },
    finish: function (api) { return api.LMSFinish(""); },
    learnerId: "cmi.core.student_id",
    location: "cmi.core.lesson_location",
    exit: "cmi.core.exit",
    report: function (api, data) {
      var status = "incomplete";
      if (data.complete) status = data.score ? "passed" : "completed";
      this.set(api, "cmi.core.lesson_status", status);
      if (data.score) {
        this.set(api, "cmi.core.score.min", String(data.score.min));
        this.set(api, "cmi.core.score.max", String(data.score.max));
        this.set(api, "cmi.core.score.raw", String(data.score.raw));
      }
      this.set(api, this.exit, data.complete ? "" : "suspend");
    },
    sessionTime: function (api, seconds) {
      var hours = Math.floor(seconds / 3600);
      var minutes = Math.floor((seconds % 3600) / 60);
      var rest = (seconds % 60).toFixed(2);
      function pad(n, width) { n = String(n); while (n.length < width) n = "0" + n; return n; }
      this.set(api, "cmi.core.session_time", pad(hours, 4) + ":" + pad(minutes, 2) + ":" + pad(rest, 5));
    },
  };

  var SCORM2004 = {
    name: "API_1484_11",
    init: function (api) { return api.Initialize(""); },
    get: function (api, key) { return api.GetValue(key); },
    set: function (api, key, value) { return api.SetValue(key, value); },
    commit: function (api) { return api.Commit(""); },
    finish: function (api) { return api.Terminate(""); },
    learnerId: "cmi.learner_id",
    location: "cmi.location",
    exit: "cmi.exit",
    report: function (api, data) {
      this.set(api, "cmi.completion_status", data.complete ? "completed" : "incomplete");
      this.set(api, "cmi.progress_measure", String(data.percent / 100));
      this.set(api, "cmi.success_status", data.complete && data.score ? "passed" : "unknown");
      if (data.score) {
        this.set(api, "cmi.score.min", String(data.score.min));
        this.set(api, "cmi.score.max", String(data.score.max));
        this.set(api, "cmi.score.raw", String(data.score.raw));
        this.set(api, "cmi.score.scaled", String(data.score.scaled));
      }
      this.set(api, this.exit, data.complete ? "normal" : "suspend");
    },
    sessionTime: function (api, seconds) {
      this.set(api, "cmi.session_time", "PT" + seconds.toFixed(2) + "S");
    },
  };

  var runtime = config.version === "2004" ? SCORM2004 : SCORM12;
  var api = findApi(runtime.name);
  if (!api) {
    message.textContent = "This lesson needs an LMS: no SCORM " + config.version + " API was found.";
    return;
  }
  if (String(runtime.init(api)) !== "true") {
    message.textContent = "The LMS did not start this lesson (SCORM initialisation failed).";
    return;
  }

  function apply(data) {
    reported = true;
    runtime.report(api, data);
    if (typeof data.location === "string" && data.location.length <= 255) {
      runtime.set(api, runtime.location, data.location);
      runtime.set(api, "cmi.suspend_data", data.location);
    }
    runtime.commit(api);
  }

  function finish() {
    if (finished) return;
    finished = true;
    // Left before the lesson reported anything (closed at once, or its first report still on
    // the way): not complete, so the LMS should offer to resume.
    if (!reported) runtime.set(api, runtime.exit, "suspend");
    runtime.sessionTime(api, (new Date() - started) / 1000);
    runtime.commit(api);
    runtime.finish(api);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== config.site || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== "learnwell:progress") return;
    apply(data);
  });
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);

  var query = [
    "token=" + encodeURIComponent(config.token),
    "learner=" + encodeURIComponent(runtime.get(api, runtime.learnerId) || ""),
    "origin=" + encodeURIComponent(window.location.origin),
    "resume=" + encodeURIComponent(runtime.get(api, "cmi.suspend_data") || ""),
  ];
  frame.src = config.launch + "?" + query.join("&");
  frame.hidden = false;
  message.textContent = "";
})();
