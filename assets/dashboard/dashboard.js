// The dashboard's progressive script (issue 13): served as a file (the CSP allows no inline
// script), no build step. Every page works without it; it draws the charts, submits filters
// when they change, and previews the level formula while it is typed.
'use strict';

(function () {
  var lang = document.documentElement.lang || 'es';
  var numbers = new Intl.NumberFormat(lang);

  function drawCharts() {
    if (typeof window.Chart !== 'function') return;
    var Chart = window.Chart;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = '#4a4453';
    var canvases = document.querySelectorAll('canvas[data-chart]');
    for (var i = 0; i < canvases.length; i++) {
      var canvas = canvases[i];
      var data = document.getElementById(canvas.getAttribute('data-chart'));
      if (!data) continue;
      var config = JSON.parse(data.textContent);
      config.options = config.options || {};
      config.options.responsive = true;
      config.options.maintainAspectRatio = false;
      config.options.locale = lang;
      config.options.animation = false;
      config.options.plugins = config.options.plugins || {};
      config.options.plugins.legend = Object.assign({ position: 'bottom', labels: { boxWidth: 12 } }, config.options.plugins.legend || {});
      // Sinks are drawn below the axis as negative bars: tooltips say them as positive amounts.
      config.options.plugins.tooltip = {
        callbacks: {
          label: function (ctx) {
            var v = ctx.parsed.y !== undefined && ctx.chart.options.indexAxis !== 'y' ? ctx.parsed.y : ctx.parsed.x;
            return ctx.dataset.label + ': ' + numbers.format(Math.abs(v));
          },
        },
      };
      new Chart(canvas, config);
      canvas.setAttribute('data-drawn', 'true');
    }
  }

  function autosubmit() {
    var selects = document.querySelectorAll('select[data-autosubmit]');
    for (var i = 0; i < selects.length; i++) {
      selects[i].addEventListener('change', function (event) {
        event.target.form.submit();
      });
    }
  }

  // The level formula: its first levels, from the API's preview route, as it is typed.
  function formulaPreview() {
    var input = document.querySelector('input[data-preview]');
    var table = document.getElementById('level-preview');
    var errorBox = document.getElementById('formula-error');
    var invalid = document.getElementById('formula-invalid-text');
    if (!input || !table || !errorBox) return;
    var body = table.querySelector('tbody');
    var heads = table.querySelectorAll('thead th');
    var timer = null;
    var latest = 0;
    function show(levels) {
      body.textContent = '';
      levels.forEach(function (row) {
        var tr = document.createElement('tr');
        [String(row.level), numbers.format(row.from)].forEach(function (text, i) {
          var td = document.createElement('td');
          td.className = 'num';
          td.setAttribute('data-label', heads[i] ? heads[i].textContent : '');
          td.textContent = text;
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
    }
    function refuse(detail) {
      errorBox.textContent = '';
      var p = document.createElement('p');
      p.className = 'notice error';
      p.textContent = (invalid ? invalid.textContent : '') + (detail ? ' ' + detail : '');
      errorBox.appendChild(p);
    }
    function preview() {
      var text = input.value.trim();
      if (text === '') return;
      var asked = ++latest;
      var url = input.getAttribute('data-preview') + '?formula=' + encodeURIComponent(text) + '&count=' + input.getAttribute('data-preview-count');
      fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (res) {
          return res.json().then(function (json) {
            return { ok: res.ok, json: json };
          });
        })
        .then(function (answer) {
          if (asked !== latest) return;
          if (answer.ok) {
            errorBox.textContent = '';
            show(answer.json.levels);
            table.setAttribute('data-formula', text);
          } else {
            refuse(answer.json && answer.json.detail);
          }
        })
        .catch(function () {});
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(preview, 250);
    });
  }

  function start() {
    drawCharts();
    autosubmit();
    formulaPreview();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
