// The Annals console's only script (served from the console itself, so the Content-Security-Policy can say
// script-src 'self'). It draws the live charts and fills the live log from server-sent events. Every piece of
// data goes into the page as text (textContent, canvas text), never as markup.
"use strict";

(function () {
  var COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563", "#ca8a04"];
  var MAX_LOG_ROWS = 500;
  var MAX_BUFFERED = 1000;

  function drawChart(canvas, series) {
    var ctx = canvas.getContext("2d");
    var w = canvas.width, h = canvas.height, pad = 36;
    ctx.clearRect(0, 0, w, h);
    var names = Object.keys(series);
    var max = 1, longest = 2;
    names.forEach(function (name) {
      series[name].forEach(function (v) { if (v > max) { max = v; } });
      if (series[name].length > longest) { longest = series[name].length; }
    });
    ctx.strokeStyle = "#d1d5db";
    ctx.fillStyle = "#6b7280";
    ctx.font = "11px sans-serif";
    ctx.beginPath();
    ctx.moveTo(pad, 8);
    ctx.lineTo(pad, h - 16);
    ctx.lineTo(w - 8, h - 16);
    ctx.stroke();
    ctx.fillText(String(max), 2, 14);
    ctx.fillText("0", 2, h - 16);
    names.forEach(function (name, i) {
      var values = series[name];
      var color = COLORS[i % COLORS.length];
      ctx.strokeStyle = color;
      ctx.beginPath();
      values.forEach(function (v, j) {
        var x = pad + (w - pad - 8) * (j + longest - values.length) / (longest - 1);
        var y = (h - 16) - (h - 24) * v / max;
        if (j === 0) { ctx.moveTo(x, y); } else { ctx.lineTo(x, y); }
      });
      ctx.stroke();
      ctx.fillStyle = color;
      ctx.fillText(name + ": " + (values.length ? values[values.length - 1] : "–"), pad + 8, 14 + 13 * i);
    });
  }

  function updateRows(rows) {
    document.querySelectorAll("tr[data-subscription]").forEach(function (tr) {
      var row = rows[tr.getAttribute("data-subscription")];
      if (!row) { return; }
      tr.querySelectorAll("[data-field]").forEach(function (td) {
        var field = td.getAttribute("data-field");
        if (Object.prototype.hasOwnProperty.call(row, field)) { td.textContent = String(row[field]); }
      });
    });
  }

  document.querySelectorAll("canvas[data-feed]").forEach(function (canvas) {
    var source = new EventSource(canvas.getAttribute("data-feed"));
    source.onmessage = function (message) {
      var data = JSON.parse(message.data);
      drawChart(canvas, data.series || {});
      if (data.rows) { updateRows(data.rows); }
    };
  });

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = String(text);
    return td;
  }

  function logRow(event) {
    var tr = document.createElement("tr");
    tr.className = "live";
    var position = cell(event.position);
    position.className = "num";
    tr.appendChild(position);
    var streamCell = document.createElement("td");
    var link = document.createElement("a");
    link.href = "/stream?name=" + encodeURIComponent(event.stream) + "&version=" + encodeURIComponent(String(event.version));
    link.textContent = event.stream;
    streamCell.appendChild(link);
    tr.appendChild(streamCell);
    var version = cell(event.version);
    version.className = "num";
    tr.appendChild(version);
    tr.appendChild(cell(event.type));
    tr.appendChild(cell(event.recordedAt));
    var payload = document.createElement("td");
    var code = document.createElement("code");
    code.textContent = event.payload;
    payload.appendChild(code);
    tr.appendChild(payload);
    return tr;
  }

  var log = document.getElementById("log-rows");
  if (log && log.getAttribute("data-feed")) {
    var pause = document.getElementById("pause");
    var state = document.getElementById("live-state");
    var paused = false;
    var buffered = [];
    var show = function (event) {
      var empty = document.getElementById("log-empty");
      if (empty) { empty.remove(); }
      log.insertBefore(logRow(event), log.firstChild);
      while (log.children.length > MAX_LOG_ROWS) { log.removeChild(log.lastChild); }
    };
    var source = new EventSource(log.getAttribute("data-feed"));
    source.onopen = function () { state.textContent = paused ? "paused" : "live"; };
    source.onerror = function () { state.textContent = "reconnecting…"; };
    source.onmessage = function (message) {
      var event = JSON.parse(message.data);
      if (paused) {
        buffered.push(event);
        if (buffered.length > MAX_BUFFERED) { buffered.shift(); }
        state.textContent = "paused (" + buffered.length + " new)";
      } else {
        show(event);
      }
    };
    pause.disabled = false;
    state.textContent = "live";
    pause.addEventListener("click", function () {
      paused = !paused;
      pause.textContent = paused ? "Resume" : "Pause";
      if (!paused) {
        buffered.forEach(show);
        buffered = [];
      }
      state.textContent = paused ? "paused" : "live";
    });
  }
})();
