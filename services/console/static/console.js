// Makes the pages better when JavaScript runs; every page works without it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
    liveAlerts();
    charts();
  });

  // 首页 and 预警: the console's own SSE relays the reporting service's alerts; new ones go on top.
  function liveAlerts() {
    var list = document.querySelector("[data-alert-stream]");
    if (!list || !window.EventSource) return;
    var url = list.getAttribute("data-alert-stream");
    var source = new EventSource(url);
    // Once the stream is open, reload the list: an alert raised while the page was loading is in it.
    source.addEventListener("open", function () {
      fetch(url.replace(/stream$/, "items"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null) return;
          if (html.trim()) {
            list.innerHTML = html;
            var empty = document.getElementById("no-alerts");
            if (empty) empty.remove();
            if (window.htmx) window.htmx.process(list);
          }
          list.setAttribute("data-live", "on");
        });
    });
    source.addEventListener("alert", function (event) {
      var holder = document.createElement("ul");
      holder.innerHTML = event.data;
      var item = holder.firstElementChild;
      if (!item) return;
      var old = document.getElementById(item.id);
      if (old) old.replaceWith(item); else list.insertBefore(item, list.firstChild);
      item.classList.add("fresh");
      var empty = document.getElementById("no-alerts");
      if (empty) empty.remove();
      if (window.htmx) window.htmx.process(item);
    });
  }

  function charts() {
    var nodes = document.querySelectorAll("[data-chart]");
    if (!nodes.length) return;
    var script = document.createElement("script");
    script.src = "/static/echarts.min.js";
    script.onload = function () {
      nodes.forEach(function (node) {
        var spec = JSON.parse(node.getAttribute("data-chart"));
        // Horizontal bars: village names stay readable on a phone too.
        node.style.height = Math.max(200, spec.labels.length * 26 + 40) + "px";
        var chart = window.echarts.init(node);
        chart.setOption({
          tooltip: {}, grid: { left: 10, right: 20, top: 10, bottom: 10, containLabel: true },
          yAxis: { type: "category", data: spec.labels, inverse: true, axisLabel: { interval: 0 } },
          xAxis: { type: "value", minInterval: 1 },
          series: [{ type: "bar", data: spec.values, itemStyle: { color: "#1554a5" }, label: { show: true, position: "right" } }]
        });
        window.addEventListener("resize", function () { chart.resize(); });
      });
    };
    document.head.appendChild(script);
  }
})();
