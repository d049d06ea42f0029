// Telemetry charts of one scan: goroutines, heap after GC and open file descriptors over time, with the scan's
// phases as shaded bands (named with the endpoint under test). Data comes from the dashboard's own JSON route;
// while the scan runs it is fetched again every few seconds.
(function () {
    'use strict';
    const section = document.getElementById('charts');
    if (!section || typeof uPlot === 'undefined') {
        return;
    }
    const url = section.dataset.seriesUrl;
    const state = document.getElementById('charts-state');
    const charts = {};
    let bands = [];
    const PALETTE = ['rgba(37,99,235,0.08)', 'rgba(234,88,12,0.10)', 'rgba(22,163,74,0.09)',
        'rgba(147,51,234,0.08)', 'rgba(202,138,4,0.10)', 'rgba(8,145,178,0.09)'];
    const phaseColor = {};

    function colorOf(phase) {
        if (!(phase in phaseColor)) {
            phaseColor[phase] = PALETTE[Object.keys(phaseColor).length % PALETTE.length];
        }
        return phaseColor[phase];
    }

    function bytes(v) {
        if (v == null) {
            return '';
        }
        const units = ['B', 'KiB', 'MiB', 'GiB'];
        let i = 0;
        while (Math.abs(v) >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return (i === 0 ? v.toFixed(0) : v.toFixed(1)) + ' ' + units[i];
    }

    function number(v, unit) {
        if (v == null) {
            return '—';
        }
        return unit === 'bytes' ? bytes(v) : (Math.round(v * 10) / 10).toLocaleString('en');
    }

    function label(band) {
        return band.endpoint ? band.phase + ' ' + band.endpoint.method + ' ' + band.endpoint.path : band.phase;
    }

    // Draws the phase bands under the series, and the band's name where it fits.
    const bandsPlugin = {
        hooks: {
            drawClear: [function (u) {
                const ctx = u.ctx;
                const top = u.bbox.top;
                const height = u.bbox.height;
                ctx.save();
                ctx.font = (11 * devicePixelRatio) + 'px system-ui, sans-serif';
                ctx.textBaseline = 'top';
                bands.forEach(function (b) {
                    const x0 = u.valToPos(b.fromMs / 1000, 'x', true);
                    const x1 = u.valToPos(b.toMs / 1000, 'x', true);
                    if (!isFinite(x0) || !isFinite(x1) || x1 <= x0) {
                        return;
                    }
                    ctx.fillStyle = colorOf(b.phase);
                    ctx.fillRect(x0, top, x1 - x0, height);
                    const text = label(b);
                    if (ctx.measureText(text).width + 6 < x1 - x0) {
                        ctx.fillStyle = '#475569';
                        ctx.fillText(text, x0 + 3, top + 3);
                    }
                });
                ctx.restore();
            }]
        }
    };

    function width(el) {
        return Math.max(280, el.parentElement.clientWidth - 2);
    }

    function render(data) {
        const s = data.series;
        bands = s.phases || [];
        const xs = (s.offsetsMs || []).map(function (ms) { return ms / 1000; });
        let shown = 0;
        section.querySelectorAll('[data-column]').forEach(function (el) {
            const column = s[el.dataset.column] || [];
            const figure = el.parentElement;
            if (column.length === 0) {
                figure.hidden = true;
                return;
            }
            shown++;
            figure.hidden = false;
            const unit = el.dataset.unit;
            const values = column.filter(function (v) { return v != null; });
            const cap = figure.querySelector('figcaption');
            cap.textContent = cap.textContent.split(':')[0] + ': ' + number(values[0], unit) + ' → '
                + number(values[values.length - 1], unit) + ' (min ' + number(Math.min.apply(null, values), unit)
                + ', max ' + number(Math.max.apply(null, values), unit) + ') over '
                + Math.round(xs[xs.length - 1] || 0) + ' s, ' + values.length + ' points';
            // Signals are read at their own cadence (the forced-GC heap read less often than the counters), so a
            // column holds nulls between its readings: plot each signal at the times it was read, as one line.
            const read = [];
            column.forEach(function (v, i) {
                if (v != null) {
                    read.push(i);
                }
            });
            const plotData = [read.map(function (i) { return xs[i]; }), read.map(function (i) { return column[i]; })];
            if (charts[el.id]) {
                charts[el.id].setData(plotData);
                return;
            }
            charts[el.id] = new uPlot({
                width: width(el),
                height: 220,
                plugins: [bandsPlugin],
                legend: {show: false},
                cursor: {drag: {x: false, y: false}},
                scales: {x: {time: false}},
                axes: [
                    {label: 'seconds since the first sample', values: function (u, ticks) {
                        return ticks.map(function (t) { return t + ' s'; });
                    }},
                    {size: 84, values: function (u, ticks) {
                        return ticks.map(function (t) { return number(t, unit); });
                    }}
                ],
                series: [{}, {label: cap.textContent.split(':')[0], stroke: '#1d4ed8', width: 2, spanGaps: false,
                    points: {show: false}}]
            }, plotData, el);
            el.setAttribute('role', 'img');
        });
        if (shown === 0) {
            state.hidden = false;
            state.textContent = data.live
                ? 'Waiting for the first samples…'
                : 'No goroutine, heap or file-descriptor readings were recorded for this scan.';
        } else {
            state.hidden = true;
        }
        section.dataset.rendered = String(shown);
    }

    function load() {
        fetch(url, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
            .then(function (r) {
                if (r.status === 401) {
                    location.assign('/sign-in');
                    return null;
                }
                if (!r.ok) {
                    throw new Error('HTTP ' + r.status);
                }
                return r.json();
            })
            .then(function (data) {
                if (data == null) {
                    return;
                }
                render(data);
                if (data.live) {
                    setTimeout(load, 3000);
                }
            })
            .catch(function (e) {
                state.hidden = false;
                state.textContent = 'The measurements could not be loaded (' + e.message + '). Reload the page to try again.';
            });
    }

    window.addEventListener('resize', function () {
        Object.keys(charts).forEach(function (id) {
            const el = document.getElementById(id);
            charts[id].setSize({width: width(el), height: 220});
        });
    });
    load();
})();
