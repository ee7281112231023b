// The mock shop's own orders, as its admin panel holds them. Small enough to check by hand (see
// tests/browser/embed.test.mjs): four customers, seven valid orders (¥28,300), one cancelled order and one
// entry with an unreadable date.
export const ORDERS = [
  { orderId: 'A-1001', orderDate: '2024-01-10', email: 'aoki@shop.example', total: 3000,
    products: [{ id: 'TEA-01', name: '煎茶 100g', quantity: 2, price: 1500 }] },
  { orderId: 'A-1002', orderDate: '2024-02-15 09:30:00', email: 'Aoki@Shop.example', total: 2000,
    products: [{ id: 'TEA-02', name: '抹茶 30g', quantity: 1, price: 2000 }] },
  { orderId: 'A-1003', orderDate: '2024-03-20', email: 'aoki@shop.example', total: 5000,
    products: [{ id: 'TEA-01', name: '煎茶 100g', quantity: 2, price: 1500 }, { id: 'CUP-01', name: '湯呑', quantity: 1, price: 2000 }] },
  { orderId: 'A-1004', orderDate: '2024-02-01', email: 'baba@shop.example', total: 4000 },
  { orderId: 'A-1005', orderDate: '2024-03-25', email: 'baba@shop.example', total: 1500 },
  { orderId: 'A-1006', orderDate: '2024-03-05', customerId: 'M-1003', email: 'chiba@shop.example', total: 12000,
    subscription: true, products: [{ id: 'SUB-01', name: '定期便', quantity: 1, price: 12000 }] },
  { orderId: 'A-1007', orderDate: '2023-12-20', phone: '090-1234-5678', total: 800 },
  { orderId: 'A-1008', orderDate: '2024-03-01', phone: '090-1234-5678', total: 9999, cancelled: true },
  { orderId: 'A-1009', orderDate: 'yesterday', email: 'doi@shop.example', total: 700 },
];
