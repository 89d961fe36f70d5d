/* textmine report: charts (Apache ECharts, bundled), sortable tables, the drill-down. No network. */
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('tm-data').textContent);
  var T = DATA.strings;
  var charts = [];

  function esc(s) {
    return String(s === null || s === undefined ? '' : s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  function num(v, d, signed) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    var s = (+v).toFixed(d === undefined ? 1 : d);
    return signed && v > 0 ? '+' + s : s;
  }
  function fmt(spec, v, signed) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    return spec.percent ? num(100 * v, 1) + '%' : num(v, 1, signed) + (spec.unit || '');
  }
  function ciText(spec, lo, hi) {
    if (lo === null || hi === null || lo === undefined || !isFinite(lo) || !isFinite(hi)) return '';
    return T.ci_label + ' ' + fmt(spec, lo, !spec.percent) + ' – ' + fmt(spec, hi, !spec.percent);
  }
  function axisFmt(spec) {
    return function (v) { return spec.percent ? Math.round(100 * v * 10) / 10 + '%' : String(Math.round(v * 10) / 10); };
  }
  function short(s, k) { s = String(s); return s.length > k ? s.slice(0, k - 1) + '…' : s; }
  var COLORS = {pos: '#2f855a', neg: '#c53030', neu: '#3e7cb1', grey: '#9aa5b1'};
  var PALETTE = ['#3e7cb1', '#c53030', '#2f855a', '#b7791f', '#6b46c1', '#2c7a7b', '#d53f8c', '#4a5568',
                 '#dd6b20', '#38a169', '#805ad5', '#e53e3e'];
  var base = {animation: false, textStyle: {fontFamily: 'inherit'}};

  function title(spec) { return {text: spec.title, left: 0, top: 0, textStyle: {fontSize: 14, color: '#143d59'}}; }

  function whiskers(horizontal) {
    return function (params, api) {
      var a, b, c1, c2;
      if (horizontal) {
        a = api.coord([api.value(0), api.value(2)]); b = api.coord([api.value(1), api.value(2)]);
        var h = api.size([0, 1])[1] * 0.25;
        c1 = [[a[0], a[1] - h], [a[0], a[1] + h]]; c2 = [[b[0], b[1] - h], [b[0], b[1] + h]];
      } else {
        a = api.coord([api.value(2), api.value(0)]); b = api.coord([api.value(2), api.value(1)]);
        var w = api.size([1, 0])[0] * 0.15;
        c1 = [[a[0] - w, a[1]], [a[0] + w, a[1]]]; c2 = [[b[0] - w, b[1]], [b[0] + w, b[1]]];
      }
      var st = {stroke: '#1f2933', lineWidth: 1.4};
      return {type: 'group', children: [
        {type: 'line', shape: {x1: a[0], y1: a[1], x2: b[0], y2: b[1]}, style: st},
        {type: 'line', shape: {x1: c1[0][0], y1: c1[0][1], x2: c1[1][0], y2: c1[1][1]}, style: st},
        {type: 'line', shape: {x1: c2[0][0], y1: c2[0][1], x2: c2[1][0], y2: c2[1][1]}, style: st}]};
    };
  }

  function bars(spec) {
    var rows = spec.rows;
    function valueText(r) {
      return fmt(spec, r.value, spec.signed) + (r.n !== null && r.n !== undefined ? '  n=' + r.n : '') + (r.small ? ' ⚠' : '');
    }
    return Object.assign({}, base, {
      title: title(spec),
      grid: {left: 8, right: 8, top: 36, bottom: 44, containLabel: true},
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, formatter: function (ps) {
        var r = rows[ps[0].dataIndex];
        return '<b>' + esc(r.label) + '</b><br>' + esc(fmt(spec, r.value, spec.signed)) + '<br>' +
          esc(ciText(spec, r.lo, r.hi)) + (r.n !== null && r.n !== undefined ? '<br>n=' + esc(r.n) : '') +
          (r.small ? '<br>⚠ ' + esc(T.small) : '');
      }},
      xAxis: {type: 'value', name: spec.xname || '', nameLocation: 'middle', nameGap: 26, scale: false,
              axisLabel: {formatter: axisFmt(spec)}, splitLine: {lineStyle: {type: 'dashed'}}},
      yAxis: [{type: 'category', inverse: true, data: rows.map(function (r) { return short(r.label, 18); }),
               axisTick: {show: true}, axisLabel: {color: '#323f4b'}},
              {type: 'category', inverse: true, position: 'right', data: rows.map(valueText),
               axisTick: {show: false}, axisLine: {show: false}, axisLabel: {color: '#52606d', fontSize: 11}}],
      series: [{type: 'bar', barMaxWidth: 18, data: rows.map(function (r) {
        var c = spec.signed ? (r.value >= 0 ? COLORS.pos : COLORS.neg) : COLORS.neu;
        return {value: r.value, itemStyle: {color: r.small ? COLORS.grey : c}};
      }), markLine: {silent: true, symbol: 'none', lineStyle: {color: '#9aa5b1', type: 'dashed'}, label: {show: false},
                     data: [{xAxis: 0}]}},
        {type: 'custom', renderItem: whiskers(true), z: 10, silent: true,
         data: rows.filter(function (r) { return r.lo !== null && r.hi !== null; }).map(function (r) {
           return [r.lo, r.hi, rows.indexOf(r)]; }), encode: {x: [0, 1], y: 2}}]
    });
  }

  function multiline(spec) {
    /* small multiples: one panel per theme, its band, its marks; one y scale for all */
    var cols = spec.series.length > 4 ? 3 : Math.max(1, spec.series.length), W = 100 / cols, grids = [], xs = [],
        ys = [], series = [], titles = [], rowsN = Math.ceil(spec.series.length / cols), H = 100 / rowsN;
    var ymax = 0;
    spec.series.forEach(function (s) { (s.hi || s.values).forEach(function (v) { if (v !== null && v > ymax) ymax = v; }); });
    ymax = Math.ceil(ymax * 20) / 20 || 0.05;
    spec.series.forEach(function (s, i) {
      var r = Math.floor(i / cols), c = i % cols, col = PALETTE[i % PALETTE.length];
      grids.push({left: (c * W + 1) + '%', width: (W - 4) + '%', top: 58 + r * 175, height: 115, containLabel: true});
      titles.push({text: short(s.name, 16) + (s.trend ? (s.trend === 'rise' ? '  ▲ ' + T.trend_rise : '  ▼ ' + T.trend_fall) : ''),
                   left: (c * W + 1) + '%', top: 34 + r * 175,
                   textStyle: {fontSize: 12, color: col}});
      xs.push({type: 'category', gridIndex: i, data: spec.x, axisTick: {show: true, alignWithLabel: true},
               axisLabel: {fontSize: 10, interval: 0}});
      ys.push({type: 'value', gridIndex: i, min: 0, max: ymax, axisLabel: {formatter: axisFmt(spec), fontSize: 10},
               splitNumber: 3});
      series.push({name: s.name, type: 'line', xAxisIndex: i, yAxisIndex: i, data: s.values, symbolSize: 6,
                   itemStyle: {color: col}, z: 5,
                   markPoint: {symbolSize: 14, label: {show: false}, data: s.marks.map(function (m, j) {
                     return m ? {coord: [j, s.values[j]], symbol: 'triangle', symbolRotate: m === 'rise' ? 0 : 180,
                                 symbolOffset: [0, m === 'rise' ? -11 : 11], itemStyle: {color: COLORS[m === 'rise' ? 'neg' : 'pos']},
                                 name: m === 'rise' ? T.sig_rise : T.sig_fall} : null; }).filter(Boolean)},
                   markArea: {silent: true, itemStyle: {color: 'rgba(154,165,177,0.18)'},
                     data: spec.partial.map(function (p, j) { return p ? [{xAxis: spec.x[j]}, {xAxis: spec.x[j]}] : null; })
                       .filter(Boolean)}});
      series.push({type: 'line', xAxisIndex: i, yAxisIndex: i, data: s.lo, stack: 'b' + i, symbol: 'none', silent: true,
                   lineStyle: {opacity: 0}, tooltip: {show: false}});
      series.push({type: 'line', xAxisIndex: i, yAxisIndex: i, stack: 'b' + i, symbol: 'none', silent: true,
                   data: s.hi.map(function (h, j) { return h === null || s.lo[j] === null ? null : h - s.lo[j]; }),
                   lineStyle: {opacity: 0}, areaStyle: {color: col, opacity: 0.18}, tooltip: {show: false}});
    });
    return Object.assign({}, base, {
      title: [title(spec)].concat(titles),
      grid: grids, xAxis: xs, yAxis: ys, series: series,
      tooltip: {trigger: 'axis', formatter: function (ps) {
        var s = spec.series[ps[0].seriesIndex / 3 | 0], j = ps[0].dataIndex;
        if (!s || s.values[j] === null) return '';
        return '<b>' + esc(s.name) + '</b> · ' + esc(spec.x[j]) + (spec.partial[j] ? ' (' + esc(T.partial) + ')' : '') +
          '<br>' + esc(fmt(spec, s.values[j])) + ' (' + esc(ciText(spec, s.lo[j], s.hi[j])) + ') n=' + esc(s.n[j]) +
          (s.marks[j] ? '<br>' + (s.marks[j] === 'rise' ? '▲ ' + esc(T.sig_rise) : '▼ ' + esc(T.sig_fall)) : '');
      }}
    });
  }

  function line(spec) {
    var series = [], legend = [];
    spec.series.forEach(function (s, i) {
      var col = PALETTE[i % PALETTE.length];
      legend.push(s.name);
      series.push({name: s.name, type: 'line', data: s.values, connectNulls: false, symbolSize: 7,
                   itemStyle: {color: col}, lineStyle: {width: 2}, z: 5,
                   markPoint: {symbolSize: 16, label: {show: false}, data: s.marks.map(function (m, j) {
                     return m ? {coord: [j, s.values[j]], symbol: 'triangle', symbolRotate: m === 'rise' ? 0 : 180,
                                 symbolOffset: [0, m === 'rise' ? -12 : 12], itemStyle: {color: col},
                                 name: m === 'rise' ? T.sig_rise : T.sig_fall} : null;
                   }).filter(Boolean)},
                   markArea: i === 0 ? {silent: true, itemStyle: {color: 'rgba(154,165,177,0.18)'},
                     data: spec.partial.map(function (p, j) { return p ? [{xAxis: spec.x[j], name: T.partial},
                                                                          {xAxis: spec.x[j]}] : null; })
                       .filter(Boolean), label: {color: '#7b8794', fontSize: 10, position: 'insideTop'}} : undefined});
      if (s.lo) {
        series.push({name: s.name, type: 'line', data: s.lo, stack: 'band' + i, symbol: 'none', silent: true,
                     lineStyle: {opacity: 0}, tooltip: {show: false}});
        series.push({name: s.name, type: 'line', stack: 'band' + i, symbol: 'none', silent: true,
                     data: s.hi.map(function (h, j) { return h === null || s.lo[j] === null ? null : h - s.lo[j]; }),
                     lineStyle: {opacity: 0}, areaStyle: {color: col, opacity: 0.13}, tooltip: {show: false}});
      }
    });
    return Object.assign({}, base, {
      title: title(spec), legend: {data: legend, top: 22, type: 'scroll'},
      grid: {left: 8, right: 24, top: 60 + (spec.series.length > 1 ? 10 : 0), bottom: 40, containLabel: true},
      tooltip: {trigger: 'axis', formatter: function (ps) {
        var j = ps[0].dataIndex, out = '<b>' + esc(spec.x[j]) + '</b>' + (spec.partial[j] ? ' (' + esc(T.partial) + ')' : '');
        spec.series.forEach(function (s) {
          if (s.values[j] === null) return;
          out += '<br>' + esc(s.name) + ': ' + esc(fmt(spec, s.values[j], spec.signed)) +
            (s.lo ? ' (' + esc(ciText(spec, s.lo[j], s.hi[j])) + ')' : '') + ' n=' + esc(s.n[j]) +
            (s.marks[j] ? ' ' + (s.marks[j] === 'rise' ? '▲ ' + esc(T.sig_rise) : '▼ ' + esc(T.sig_fall)) : '');
        });
        return out;
      }},
      xAxis: {type: 'category', data: spec.x, name: spec.xname || '', nameLocation: 'middle', nameGap: 26,
              axisTick: {show: true, alignWithLabel: true}},
      yAxis: {type: 'value', name: spec.yname || '', axisLabel: {formatter: axisFmt(spec)}, scale: !spec.percent},
      series: series
    });
  }

  function heat(spec) {
    var cells = spec.cells;
    return Object.assign({}, base, {
      title: title(spec),
      grid: {left: 8, right: 24, top: 40, bottom: 70, containLabel: true},
      tooltip: {formatter: function (p) {
        var c = cells[p.dataIndex];
        return '<b>' + esc(spec.y[c[1]]) + '</b> · ' + esc(spec.x[c[0]]) + '<br>' + esc(fmt(spec, c[2], spec.signed)) +
          ' (' + esc(ciText(spec, c[6], c[7])) + ')<br>n=' + esc(c[4]) + (spec.kcol ? ', ' + esc(T.share_k) + '=' + esc(c[5]) : '') +
          (c[8] !== null ? '<br>' + esc(T.vs_rest) + ': ' + esc(fmt(spec, c[8], true)) : '') +
          (c[9] !== null ? ', ' + esc(T.p_bh) + ' ' + esc(c[9] < 0.001 ? '<0.001' : (+c[9]).toFixed(3)) : '') +
          (c[10] ? '<br>⚠ ' + esc(T.small) : '');
      }},
      xAxis: {type: 'category', data: spec.x, splitArea: {show: true}, axisTick: {show: true},
              axisLabel: {interval: 0, rotate: spec.x.length > 6 ? 30 : 0}},
      yAxis: {type: 'category', data: spec.y.map(function (s) { return short(s, 16); }), inverse: true,
              axisTick: {show: true}},
      visualMap: {min: spec.min, max: spec.max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0,
                  itemHeight: 160, formatter: function (v) { return fmt(spec, v, spec.signed); },
                  inRange: {color: spec.signed ? ['#e57373', '#f7f8fa', '#68b684'] : ['#f7fbff', '#9ecae1', '#4a90c2']}},
      series: [{type: 'heatmap', data: cells.map(function (c) { return [c[0], c[1], c[2] === null ? '-' : c[2]]; }),
                label: {show: true, fontSize: 10, formatter: function (p) {
                  var c = cells[p.dataIndex]; return c[2] === null ? '' : fmt(spec, c[2], spec.signed) + (c[3] ? ' ●' : '');
                }}, itemStyle: {borderColor: '#fff', borderWidth: 1}}]
    });
  }

  function stack(spec) {
    var cols = {praise: COLORS.pos, neutral: '#cbd2d9', complaint: COLORS.neg};
    return Object.assign({}, base, {
      title: title(spec), legend: {top: 22},
      grid: {left: 8, right: 70, top: 56, bottom: 40, containLabel: true},
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, formatter: function (ps) {
        var j = ps[0].dataIndex, out = '<b>' + esc(spec.labels[j]) + '</b> n=' + esc(spec.n[j]);
        spec.series.forEach(function (s) { out += '<br>' + esc(s.label) + ': ' + esc(num(100 * s.values[j], 1)) + '% (' + esc(s.counts[j]) + ')'; });
        return out + '<br>' + esc(T.net_label) + ': ' + esc(num(spec.net[j], 2, true)) + ' (' +
          esc(T.ci_label) + ' ' + esc(num(spec.net_lo[j], 2, true)) + ' – ' + esc(num(spec.net_hi[j], 2, true)) + ')';
      }},
      xAxis: {type: 'value', max: 1, axisLabel: {formatter: function (v) { return Math.round(100 * v) + '%'; }}},
      yAxis: {type: 'category', inverse: true, data: spec.labels.map(function (s) { return short(s, 18); }),
              axisTick: {show: true}},
      series: spec.series.map(function (s) {
        return {name: s.label, type: 'bar', stack: 'all', barMaxWidth: 18, data: s.values,
                itemStyle: {color: cols[s.name]}};
      }).concat([{type: 'scatter', symbolSize: 0, silent: true, data: spec.n.map(function (n, j) { return [1, j]; }),
                  label: {show: true, position: 'right', color: '#52606d', fontSize: 11,
                          formatter: function (p) { return 'n=' + spec.n[p.dataIndex]; }}, tooltip: {show: false}}])
    });
  }

  function kano(spec) {
    var CL = {'must-be': COLORS.neg, delighter: COLORS.pos, performance: '#3e7cb1', indifferent: COLORS.grey,
              'n/a': COLORS.grey};
    var smax = Math.max.apply(null, spec.points.map(function (p) { return p.n; }).concat([1]));
    var groups = {};
    spec.points.forEach(function (p) { (groups[p.cls] = groups[p.cls] || []).push(p); });
    var series = Object.keys(groups).map(function (cls) {
      return {name: spec.classes[cls] || cls, type: 'scatter', itemStyle: {color: CL[cls] || COLORS.grey, opacity: 0.75},
              data: groups[cls].map(function (p) { return {value: [p.x, p.y], p: p}; }),
              symbolSize: function (v, prm) { return 8 + 22 * Math.sqrt(prm.data.p.n / smax); },
              label: {show: true, position: 'right', fontSize: 11, color: '#323f4b',
                      formatter: function (prm) { return short(prm.data.p.label, 10); }},
              labelLayout: {hideOverlap: true}};
    });
    spec.lines.forEach(function (l) {
      series.push({type: 'line', data: l, symbol: 'none', silent: true, tooltip: {show: false},
                   lineStyle: {type: 'dashed', color: '#7b8794', width: 1}});
    });
    return Object.assign({}, base, {
      title: title(spec), legend: {top: 22, data: Object.keys(groups).map(function (c) { return spec.classes[c] || c; })},
      grid: {left: 44, right: 40, top: 60, bottom: 50, containLabel: true},
      tooltip: {formatter: function (prm) {
        var p = prm.data && prm.data.p; if (!p) return '';
        return '<b>' + esc(p.label) + '</b> (' + esc(spec.classes[p.cls] || p.cls) + ')<br>' + esc(T.penalty_label) + ' ' +
          esc(num(p.x, 1, true)) + ' · ' + esc(T.reward_label) + ' ' + esc(num(p.y, 1, true)) + '<br>n=' + esc(p.n);
      }},
      xAxis: {type: 'value', name: spec.xname, nameLocation: 'middle', nameGap: 28,
              axisLine: {onZero: true}, splitLine: {lineStyle: {type: 'dashed'}}},
      yAxis: {type: 'value', name: spec.yname, nameLocation: 'middle', nameGap: 40,
              axisLine: {onZero: true}, splitLine: {lineStyle: {type: 'dashed'}}},
      series: series
    });
  }

  var KINDS = {bars: bars, line: line, multiline: multiline, heat: heat, stack: stack, kano: kano};
  document.querySelectorAll('[data-chart]').forEach(function (el) {
    var spec = DATA.charts[el.dataset.chart];
    if (!spec) return;
    var c = echarts.init(el, null, {renderer: 'svg'});
    c.setOption(KINDS[spec.kind](spec));
    el.dataset.rendered = '1';
    charts.push(c);
  });
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  window.tmCharts = charts;

  /* sortable, filterable tables */
  document.querySelectorAll('table.sortable th').forEach(function (th) {
    th.addEventListener('click', function () {
      var table = th.closest('table'), tb = table.tBodies[0], i = +th.dataset.col, asc = !th.classList.contains('asc');
      table.querySelectorAll('th').forEach(function (h) { h.classList.remove('asc', 'desc'); });
      th.classList.add(asc ? 'asc' : 'desc');
      var rows = Array.prototype.slice.call(tb.rows);
      var isNum = rows.some(function (r) { return r.cells[i] && r.cells[i].dataset.v !== undefined; });
      rows.sort(function (a, b) {
        var x = a.cells[i], y = b.cells[i], u = x.dataset.v, v = y.dataset.v, c;
        if (isNum) { if (u === undefined || v === undefined) return (u === undefined) - (v === undefined); c = (+u) - (+v); }
        else { c = x.textContent.localeCompare(y.textContent, 'zh'); }
        return asc ? c : -c;
      });
      rows.forEach(function (r) { tb.appendChild(r); });
    });
  });
  document.querySelectorAll('input.filter').forEach(function (inp) {
    inp.addEventListener('input', function () {
      var q = inp.value.toLowerCase(), t = document.getElementById(inp.dataset.table);
      Array.prototype.forEach.call(t.tBodies[0].rows, function (r) {
        r.style.display = r.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
      });
    });
  });

  /* drill-down: every answer of a theme, paged, searchable, filtered; text only (never innerHTML) */
  var D = DATA.drill, box = document.getElementById('drill');
  if (D && box) {
    var sel = {theme: box.querySelector('[name=theme]'), q: box.querySelector('[name=q]'),
               pol: box.querySelector('[name=polarity]'), grp: box.querySelector('[name=group]'),
               seg: box.querySelector('[name=segment]')};
    var list = box.querySelector('.answers'), info = box.querySelector('.pageinfo'), page = 0, PER = 20;
    var POL = ['positive', 'neutral', 'negative'], GRP = ['promoter', 'passive', 'detractor'];
    function matches() {
      var t = +sel.theme.value, q = sel.q.value.trim().toLowerCase(), pol = sel.pol.value, grp = sel.grp.value,
          seg = sel.seg.value, out = [];
      var ms = D.mentions[t] || [];
      for (var i = 0; i < ms.length; i++) {
        var m = ms[i], a = D.answers[m[0]];
        if (pol !== '' && !(m[4] & (1 << POL.indexOf(pol)))) continue;
        if (grp !== '' && GRP[a[1]] !== grp) continue;
        if (seg !== '') { var sp = seg.split(':'); if (String(a[4][+sp[0]]) !== sp[1]) continue; }
        if (q && a[0].toLowerCase().indexOf(q) < 0) continue;
        out.push(m);
      }
      return out;
    }
    function render() {
      var ms = matches(), pages = Math.max(1, Math.ceil(ms.length / PER));
      if (page >= pages) page = pages - 1;
      list.textContent = '';
      ms.slice(page * PER, page * PER + PER).forEach(function (m) {
        var a = D.answers[m[0]], li = document.createElement('li'), p = document.createElement('p');
        p.className = 'answer';
        var s = m[1], e = m[2], text = a[0];
        if (s >= 0 && e > s) {
          p.appendChild(document.createTextNode(text.slice(0, s)));
          var mk = document.createElement('mark'); mk.className = 'pol-' + POL[m[3]];
          mk.textContent = text.slice(s, e); p.appendChild(mk);
          p.appendChild(document.createTextNode(text.slice(e)));
        } else { p.textContent = text; }
        var meta = document.createElement('p'); meta.className = 'meta';
        meta.textContent = [T[GRP[a[1]]] + ' · ' + T.score_label + ' ' + a[2], a[3]].concat(
          D.segments.map(function (sg, k) { return sg + ': ' + a[4][k]; })).filter(Boolean).join(' · ');
        li.appendChild(p); li.appendChild(meta); list.appendChild(li);
      });
      if (!ms.length) { var li = document.createElement('li'); li.className = 'muted'; li.textContent = T.dr_none; list.appendChild(li); }
      info.textContent = T.dr_page.replace('{page}', page + 1).replace('{pages}', pages).replace('{n}', ms.length);
      box.dataset.matches = ms.length;
    }
    ['theme', 'pol', 'grp', 'seg'].forEach(function (k) { sel[k].addEventListener('change', function () { page = 0; render(); }); });
    sel.q.addEventListener('input', function () { page = 0; render(); });
    box.querySelector('.prev').addEventListener('click', function () { if (page > 0) { page--; render(); } });
    box.querySelector('.next').addEventListener('click', function () { page++; render(); });
    render();
  }
})();
