// Live status over Server-Sent Events: every event of the scan (status, phase, endpoint or progress changed) asks
// htmx to re-render the status panel, which carries hx-trigger="leakscan:scan from:body". The panel also refreshes
// every 5 s on its own, for networks whose proxies hold event streams back.
(function () {
    'use strict';

    function start() {
        var panel = document.querySelector('#status[data-events]');
        if (!panel || !window.EventSource) {
            return;
        }
        var source = new EventSource(panel.getAttribute('data-events'));
        source.addEventListener('scan', function (event) {
            document.body.dispatchEvent(new CustomEvent('leakscan:scan'));
            var state;
            try {
                state = JSON.parse(event.data).status;
            } catch (ignored) {
                return;
            }
            if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') {
                // the server closes the stream after the final event; without this the browser would reconnect
                source.close();
            }
        });
    }

    document.addEventListener('DOMContentLoaded', start);
})();
