// The mock admin panel: analyses its own orders with the Kokyaku API and embeds the Kokyaku dashboard.
import init, { Analyzer } from './kokyaku/kokyaku_wasm.js';
import './kokyaku/dashboard/kokyaku-dashboard.js';
import { ORDERS } from './orders.js';

const yen = (minor) => '¥' + minor.toLocaleString('ja-JP');

function item(list, term, value, id) {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = String(value);
  dd.dataset.testid = id;
  list.append(dt, dd);
}

async function analyse() {
  await init();
  const analyzer = Analyzer.fromOrders(ORDERS);
  try {
    const summary = analyzer.summary();
    const rfm = analyzer.rfm();
    const figures = document.getElementById('api-figures');
    item(figures, 'customers', summary.customers, 'api-customers');
    item(figures, 'orders', summary.orders, 'api-orders');
    item(figures, 'revenue', yen(summary.revenue_minor), 'api-revenue');
    item(figures, 'repeat rate', ((summary.repeat_rate ?? 0) * 100).toFixed(0) + '%', 'api-repeat-rate');
    item(figures, 'as of', summary.as_of ?? '', 'api-as-of');
    item(figures, 'entries rejected', summary.rows_rejected, 'api-rejected');
    item(figures, 'cancelled orders', summary.cancelled_orders, 'api-cancelled');
    const rows = rfm.segments.filter((s) => s.customers > 0).map((s) => {
      const tr = document.createElement('tr');
      tr.dataset.segment = s.segment;
      for (const text of [s.segment, String(s.customers), yen(s.revenue_minor)]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    });
    document.getElementById('rfm-segments').replaceChildren(...rows);
    const rejects = summary.rejects.map((r) => {
      const li = document.createElement('li');
      li.textContent = `entry ${r.line}: ${r.reason}`;
      return li;
    });
    document.getElementById('rejects').replaceChildren(...rejects);
    document.getElementById('api-status').textContent = 'Analysed in this browser; nothing was sent anywhere.';
  } finally {
    analyzer.free();
  }
}

analyse().catch((error) => {
  document.getElementById('api-status').textContent = 'The analysis failed: ' + error;
});

const dashboard = document.querySelector('kokyaku-dashboard');
document.getElementById('toggle-lang').addEventListener('click', () => {
  dashboard.setAttribute('lang', dashboard.getAttribute('lang') === 'ja' ? 'en' : 'ja');
});
document.getElementById('toggle-theme').addEventListener('click', () => {
  dashboard.setAttribute('theme', dashboard.getAttribute('theme') === 'dark' ? 'light' : 'dark');
});
