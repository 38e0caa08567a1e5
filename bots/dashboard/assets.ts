/**
 * The status page's two scripts: ECharts' own browser build, straight from its npm package, and the few lines that
 * turn the inline chart into an interactive one. No front-end build step.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const ASSETS = { echarts: '/dashboard/assets/echarts.min.js', page: '/dashboard/assets/page.js' } as const;

const require = createRequire(import.meta.url);
let echartsBrowser: Buffer | null = null;

/** The browser build of ECharts, read once. */
export function echartsScript(): Buffer {
  echartsBrowser ??= readFileSync(require.resolve('echarts/dist/echarts.min.js'));
  return echartsBrowser;
}

/**
 * Reads the chart's data, draws it with the same option the server used, and adds a tooltip listing the day's
 * numbers and stories. Escapes everything it puts in the tooltip. Marks <body data-chart="ready"> when drawn.
 */
export const PAGE_SCRIPT = `(function () {
  var holder = document.getElementById('chart-data');
  var box = document.getElementById('chart-box');
  if (!holder || !box || !window.echarts) return;
  var data = JSON.parse(holder.textContent);
  var esc = function (s) { return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); };
  var option = data.option;
  option.tooltip = {
    trigger: 'axis',
    axisPointer: { type: 'shadow' },
    confine: true,
    formatter: function (params) {
      var day = data.days[params[0].dataIndex];
      var lines = ['<strong>' + esc(day.label) + '</strong>',
        esc(day.counts.progress) + ' progress, ' + esc(day.counts.stall) + ' stall, ' + esc(day.counts.neutral) + ' neutral; momentum ' + esc(day.momentum)];
      if (day.fired) lines.push('stall alert fired');
      for (var i = 0; i < day.stories.length; i++) {
        var s = day.stories[i];
        lines.push('[' + esc(s.label) + '] ' + esc(s.title) + (s.source ? ' (' + esc(s.source) + ')' : ''));
      }
      if (!day.stories.length) lines.push('no new stories');
      return '<div class="tip" style="max-width:420px;white-space:normal">' + lines.join('<br>') + '</div>';
    }
  };
  box.innerHTML = '';
  box.style.height = '460px';
  var chart = window.echarts.init(box, null, { renderer: 'svg' });
  chart.setOption(option);
  window.addEventListener('resize', function () { chart.resize(); });
  document.body.setAttribute('data-chart', 'ready');
})();
`;
