// The job page without reloading: asks how far the job is every second, moves the bar, and
// shows the finished page (with the file) once the job is done or failed. Without script the
// page reloads itself (<meta http-equiv="refresh">).
(function () {
  "use strict";
  var section = document.querySelector("[data-job-status]");
  var bar = document.getElementById("job-progress");
  if (!section || !bar) return;
  var refresh = document.querySelector('meta[http-equiv="refresh"]');
  if (refresh) refresh.parentNode.removeChild(refresh);
  var label = section.querySelector(".job__step");
  function poll() {
    fetch(section.getAttribute("data-job-status"), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.finished) { window.location.reload(); return; }
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
        label.textContent = job.state_label + (job.step ? ": " + job.step : "");
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
