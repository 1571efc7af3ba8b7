/* dashboard.js: draws the dashboard's charts with ECharts from the figures the server put in
 * #dash-data. The cards and tables already show every number: without this script nothing is lost
 * but the pictures. */
'use strict';

(function () {
	var COLORS = ['#C8161D', '#2f6fb0', '#d98c1f', '#3f8f5a', '#7a5ea8'];
	// Drawn on the canvas: an HTML tooltip would carry style attributes, which our CSP refuses.
	var TOOLTIP = { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText' };

	function data() {
		var el = document.getElementById('dash-data');
		try {
			return el ? JSON.parse(el.textContent) : null;
		} catch (e) {
			return null;
		}
	}

	/* A chart no taller than most of the screen, so a phone can scroll past it. */
	function fitHeight(el, want) {
		var max = Math.max(220, Math.floor(window.innerHeight * 0.7));
		el.style.height = Math.min(want, max) + 'px';
	}

	function legend(d) {
		// One line that scrolls on a phone rather than wrapping over the plot.
		return { type: 'scroll', top: 0, data: d.kinds.map(function (k) { return k.label; }) };
	}

	function trend(d) {
		var el = document.getElementById('chart-trend');
		if (!el)
			return;
		fitHeight(el, 340);
		var chart = echarts.init(el);
		chart.setOption({
			color: COLORS,
			tooltip: TOOLTIP,
			legend: legend(d),
			grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
			xAxis: { type: 'category', data: d.months.map(function (m) { return m.month; }) },
			yAxis: { type: 'value', minInterval: 1 },
			series: d.kinds.map(function (k, i) {
				return {
					name: k.label, type: 'bar', stack: 'all', barMaxWidth: 28,
					data: d.months.map(function (m) { return m.records[i]; }),
				};
			}),
		});
		return chart;
	}

	/* Children as stacked horizontal bars in the table's order; a bar leads to that unit. */
	function children(d) {
		var el = document.getElementById('chart-children');
		if (!el || d.children.length === 0)
			return;
		fitHeight(el, 80 + d.children.length * 28);
		var names = d.children.map(function (c) { return c.name; });
		var chart = echarts.init(el);
		chart.setOption({
			color: COLORS,
			tooltip: TOOLTIP,
			legend: legend(d),
			grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
			xAxis: { type: 'value', minInterval: 1 },
			yAxis: {
				type: 'category', inverse: true, data: names,
				axisLabel: { width: 120, overflow: 'truncate' },
			},
			series: d.kinds.map(function (k, i) {
				return {
					name: k.label, type: 'bar', stack: 'all', barMaxWidth: 18,
					data: d.children.map(function (c) { return c.records[i]; }),
				};
			}),
		});
		chart.on('click', function (p) {
			var c = d.children[p.dataIndex];
			if (c)
				window.location.href = c.href;
		});
		chart.getZr().on('click', function (ev) {
			// A click beside the bars (on the unit's row or name) leads down too.
			var pt = [ev.offsetX, ev.offsetY];
			if (ev.target || !chart.containPixel('grid', pt))
				return;
			var i = chart.convertFromPixel({ seriesIndex: 0 }, pt)[1];
			if (d.children[i])
				window.location.href = d.children[i].href;
		});
		return chart;
	}

	document.addEventListener('DOMContentLoaded', function () {
		var d = data();
		if (!d || typeof echarts === 'undefined')
			return;
		var charts = [trend(d), children(d)].filter(Boolean);
		window.addEventListener('resize', function () {
			charts.forEach(function (c) { c.resize(); });
		});
	});
})();
