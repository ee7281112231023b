// Uses the package's declared API as a host's TypeScript would; `tsc --strict` must accept it (types.test.mjs).
import init, {
  Analyzer, type OrderInput, type SummaryReport, type Rfm, type RfmSegment, type Cpm, type Cohorts,
  type Repeat, type History, type PredictiveLtv, type LtvReport, type FileReport, type IngestOptions,
  type SegmentResult, type SegmentStarter, type SegmentField, type SegmentExport, type ListReport,
  type ConditionError, type ExportErrorData, type Replacements, type Dashboard, type Basket, type Migration,
} from '../../../pkg/kokyaku_wasm.js';
import { KokyakuDashboard } from '../../../pkg/dashboard/kokyaku-dashboard.js';

export async function analyse(csv: Uint8Array): Promise<Record<RfmSegment, number>> {
  await init();
  const orders: OrderInput[] = [
    { orderId: 'A-1', orderDate: '2024-01-05', email: 'a@example.jp', total: 1200 },
    { orderId: 2, orderDate: new Date(2024, 1, 1), customerId: 7, total: '800', cancelled: false,
      products: [{ id: 'P-1', name: 'Tea', quantity: 2, price: 400, subscription: true }] },
  ];
  const fromOrders: Analyzer = Analyzer.fromOrders(orders);
  const options: IngestOptions = { encoding: 'shift-jis', preset: 'ec-cube', mapping: { order_total: '合計' }, currency: 'JPY' };
  const streamed = new Analyzer(options);
  streamed.beginFile('orders.csv');
  streamed.push(csv);
  const file: FileReport = streamed.endFile();
  const added: FileReport = streamed.addOrders(orders, 'panel');
  streamed.finish();
  const n: number = file.rows_read + added.rows_rejected;

  const summary: SummaryReport = fromOrders.summary('2024-12-31');
  const revenue: number = summary.revenue_minor / 10 ** summary.currency_decimals + n;
  const firstReject: number | undefined = summary.rejects[0]?.line;
  const reject = summary.rejects[0];
  const badCell: string | undefined = reject?.reason_kind === 'unreadable_date' ? reject.reason_values.cell : undefined;
  const rfm: Rfm = fromOrders.rfm({ monetary_basis: 'average', recency: { fixed: [30, 60, 90, 180] } });
  const keys: string[] = fromOrders.customerKeys();
  const champion: string | undefined = rfm.customers.filter((c) => c.segment === 'champions').map((c) => keys[c.customer])[0];
  const cpm: Cpm = fromOrders.cpm({ lapse_days: 180 }, '2024-06-30');
  const lapsed: number = cpm.groups.filter((g) => g.group.endsWith('_lapsed')).reduce((a, g) => a + g.customers, 0);
  const cohorts: Cohorts = fromOrders.cohorts({ granularity: 'week' });
  const retention: number[] = cohorts.rows.filter((r) => r.complete).map((r) => r.retention);
  const repeat: Repeat = fromOrders.repeat({ windows: [30, 90] });
  const f2: (number | null)[] = repeat.f2.map((r) => r.rate);
  const history: History = fromOrders.history({ horizons: [90] });
  const mean: number | null = history.overall[0]?.mean_minor ?? null;
  const ltv: PredictiveLtv = fromOrders.predictiveLtv({ summary: { unit: 'month' }, clv: { horizon_months: 6 } });
  if (ltv.transactions.status === 'converged') {
    const r: number = ltv.transactions.params.r;
    const model: 'bg_nbd' | 'mbg_nbd' | 'pareto_nbd' = ltv.transactions.model;
    const dropout: number = ltv.transactions.model === 'pareto_nbd' ? ltv.transactions.params.s : ltv.transactions.params.a;
    console.log(r, model, dropout);
  } else {
    const reason: string = ltv.transactions.reason;
    console.log(reason);
  }
  const clv: number[] = ltv.customers.flatMap((c) => (c.clv_minor === null ? [] : [c.clv_minor]));
  const dashboard: Dashboard = fromOrders.dashboard({ months: 12 }, '2024-12-31');
  const newRevenue: number[] = dashboard.months.map((m) => m.new_revenue_minor);
  const revenueChange: number | null = dashboard.kpis?.revenue_minor.change ?? null;
  const basket: Basket = fromOrders.basket({ min_orders: 1, scope: 'first' });
  const topPair: string[] = basket.pairs.slice(0, 1).flatMap((p) => [basket.products[p.a].key, basket.products[p.b].key]);
  const moved: Migration = fromOrders.migration('2024-01-01', '2024-12-31', { by: 'rfm', rfm: { monetary_basis: 'average' } });
  const fromChampions: number = moved.rows.filter((r) => r.from === 'champions').reduce((n, r) => n + r.customers, 0);
  console.log(newRevenue, revenueChange, topPair, fromChampions);
  const report: LtvReport = fromOrders.predictiveLtv();
  const bySegment: [RfmSegment, number][] = report.clv_by_segment.map((s) => [s.segment, s.mean_clv_minor]);
  console.log(report.p_alive_histogram[9], report.clv_by_cohort[0]?.cohort, bySegment);
  console.log(revenue, firstReject, badCell, champion, lapsed, retention, f2, mean, clv, fromOrders.rejectsCsv().length);
  const columns: SegmentField[] = ['customer', 'email', 'clv'];
  const segment: SegmentResult = fromOrders.segment('frequency >= 2 and p_alive < 50%', { fields: columns, predictions: true });
  const firstEmail: string | undefined = segment.rows[0]?.email;
  const csvBytes: Uint8Array = fromOrders.exportSegment('', { layout: 'email-list', encoding: 'shift-jis' }, '2024-12-31');
  const reported: SegmentExport = fromOrders.exportSegmentWithReport('', { layout: 'phone-list', phone_form: 'e164' });
  const mailMerge: SegmentExport = fromOrders.exportSegmentWithReport('', {
    fields: ['name', 'name_family', 'name_given', 'email'], encoding: 'shift-jis', unmappable: 'geta',
  });
  const replaced: Replacements | null = mailMerge.replaced;
  console.log(replaced?.named.map((l) => `${l.line} ${l.customer} ${l.characters}`), mailMerge.phones_not_e164?.count);
  try {
    fromOrders.exportSegment('', { encoding: 'shift-jis', unmappable: 'refuse' });
  } catch (e) {
    const refused = e as Error & ExportErrorData;
    console.log(refused.kind === 'unmappable' ? `${refused.values.line} ${refused.values.character}` : refused.message);
  }
  const list: ListReport | null = reported.list;
  const leftOut: string[] = list ? list.skipped.map((s) => `${s.customer} (${s.value || 'none'})`) : [];
  console.log(reported.bytes.length, list?.written, list?.missing, list?.unusable, list?.repeated, list?.not_e164, leftOut);
  try {
    fromOrders.segment('recency >');
  } catch (e) {
    const error = e as ConditionError;
    const where: string = error.kind === 'expected_value' ? `${error.values.field} at ${error.column}` : error.message;
    console.log(where);
  }
  const starters: SegmentStarter[] = Analyzer.segmentStarters();
  console.log(segment.revenue_share, segment.warnings.map((w) => w.ja), firstEmail, csvBytes.length, starters[0]?.condition);
  fromOrders.free();
  streamed.free();

  const counts = {} as Record<RfmSegment, number>;
  for (const row of rfm.segments) counts[row.segment] = row.customers;
  return counts;
}

export function embed(host: HTMLElement): KokyakuDashboard {
  const element = document.createElement('kokyaku-dashboard');
  element.setAttribute('lang', 'en');
  element.setAttribute('theme', 'dark');
  element.addEventListener('kokyaku-ready', () => console.log(element.ready));
  host.append(element);
  return element;
}
