// ORDERS and LINEITEM (clause 4.2.3), generated in one pass.

#include <array>

#include "civil_date.h"
#include "field_format.h"
#include "tpch_domains.h"
#include "tpch_tables.h"

namespace sluice::datagen {

namespace {

// Dates of clause 4.2.3, as days since 1970-01-01.
constexpr int64_t kStartDate = DaysFromCivil(1992, 1, 1);
constexpr int64_t kCurrentDate = DaysFromCivil(1995, 6, 17);
constexpr int64_t kLastOrderDate = DaysFromCivil(1998, 12, 31) - 151;  // 1998-08-02
constexpr int64_t kLastReceiptDate = kLastOrderDate + 121 + 30;
static_assert(kLastOrderDate == DaysFromCivil(1998, 8, 2));

constexpr int kMaxLinesPerOrder = 7;

/// One LINEITEM row before formatting.
struct LineItem {
  int64_t part_key;
  int64_t supplier_key;
  int64_t quantity;
  int64_t extended_price_cents;
  int64_t discount_percent;
  int64_t tax_percent;
  int64_t ship_date;
  int64_t commit_date;
  int64_t receipt_date;
  char return_flag;
  char line_status;
  uint8_t ship_instruction;
  uint8_t ship_mode;
  std::string_view comment;
};

/// One ORDERS row and its line items before formatting.
struct Order {
  int64_t order_key;
  int64_t customer_key;
  int64_t order_date;
  int64_t total_price_cents;
  char status;
  uint8_t priority;
  int64_t clerk;
  std::string_view comment;
  int num_lines;
  std::array<LineItem, kMaxLinesPerOrder> lines;
};

/// O_ORDERKEY of the index-th order (1-based): only the first 8 of each 32 keys are
/// used, as dbgen does, so keys are sparse in [1, 4 * SF * 1,500,000].
constexpr int64_t SparseOrderKey(int64_t index) { return ((index >> 3) << 5) | (index & 7); }

/// Customers whose key is a multiple of 3 place no orders (clause 4.2.3); maps a
/// uniform index in [0, customers - customers / 3) onto the remaining keys.
constexpr int64_t OrderingCustomer(int64_t index) { return index / 2 * 3 + index % 2 + 1; }

void DrawLineItem(Random& random, const TpchContext& context, int64_t order_date, LineItem& line) {
  line.part_key = random.Between(1, context.scale.parts);
  line.supplier_key = context.part_suppliers.Supplier(line.part_key, random.Between(0, 3));
  line.quantity = random.Between(1, 50);
  line.extended_price_cents = line.quantity * RetailPriceCents(line.part_key);
  line.discount_percent = random.Between(0, 10);
  line.tax_percent = random.Between(0, 8);
  line.ship_date = order_date + random.Between(1, 121);
  line.commit_date = order_date + random.Between(30, 90);
  line.receipt_date = line.ship_date + random.Between(1, 30);
  if (line.receipt_date <= kCurrentDate) {
    line.return_flag = random.Below(2) == 0 ? 'R' : 'A';
  } else {
    line.return_flag = 'N';
  }
  line.line_status = line.ship_date > kCurrentDate ? 'O' : 'F';
  line.ship_instruction = static_cast<uint8_t>(random.Below(kTpchShipInstructions.size()));
  line.ship_mode = static_cast<uint8_t>(random.Below(kTpchShipModes.size()));
  line.comment = context.text.Pick(random, 10, 43);
}

void DrawOrder(Random& random, const TpchContext& context, int64_t index, Order& order) {
  const int64_t ordering_customers = context.scale.customers - context.scale.customers / 3;
  order.order_key = SparseOrderKey(index);
  order.customer_key = OrderingCustomer(random.Between(0, ordering_customers - 1));
  order.order_date = random.Between(kStartDate, kLastOrderDate);
  order.priority = static_cast<uint8_t>(random.Below(kTpchPriorities.size()));
  order.clerk = random.Between(1, context.scale.clerks);
  order.comment = context.text.Pick(random, 19, 78);
  order.num_lines = static_cast<int>(random.Between(1, kMaxLinesPerOrder));
  order.total_price_cents = 0;
  int num_shipped = 0;
  for (int i = 0; i < order.num_lines; ++i) {
    LineItem& line = order.lines[static_cast<size_t>(i)];
    DrawLineItem(random, context, order.order_date, line);
    // extendedprice * (1 + tax) * (1 - discount), rounded to the cent.
    const int64_t scaled =
        line.extended_price_cents * (100 + line.tax_percent) * (100 - line.discount_percent);
    order.total_price_cents += (scaled + 5'000) / 10'000;
    num_shipped += line.line_status == 'F' ? 1 : 0;
  }
  if (num_shipped == order.num_lines) {
    order.status = 'F';
  } else if (num_shipped == 0) {
    order.status = 'O';
  } else {
    order.status = 'P';
  }
}

void WriteOrderRow(const Order& order, OutputFile& file, const DateTable& dates) {
  char* out = file.Reserve(kMaxTblLineBytes);
  out = WriteUnsigned(out, static_cast<uint64_t>(order.order_key));
  *out++ = '|';
  out = WriteUnsigned(out, static_cast<uint64_t>(order.customer_key));
  *out++ = '|';
  *out++ = order.status;
  *out++ = '|';
  out = WriteCents(out, order.total_price_cents);
  *out++ = '|';
  out = dates.Write(out, order.order_date);
  *out++ = '|';
  out = WriteText(out, kTpchPriorities[order.priority]);
  *out++ = '|';
  out = WriteText(out, "Clerk#");
  out = WritePadded(out, static_cast<uint64_t>(order.clerk), 9);
  *out++ = '|';
  *out++ = '0';  // O_SHIPPRIORITY is always 0.
  *out++ = '|';
  out = WriteText(out, order.comment);
  *out++ = '\n';
  file.Commit(out);
}

void WriteLineItemRows(const Order& order, OutputFile& file, const DateTable& dates) {
  char* out = file.Reserve(kMaxTblLineBytes * kMaxLinesPerOrder);
  for (int i = 0; i < order.num_lines; ++i) {
    const LineItem& line = order.lines[static_cast<size_t>(i)];
    out = WriteUnsigned(out, static_cast<uint64_t>(order.order_key));
    *out++ = '|';
    out = WriteUnsigned(out, static_cast<uint64_t>(line.part_key));
    *out++ = '|';
    out = WriteUnsigned(out, static_cast<uint64_t>(line.supplier_key));
    *out++ = '|';
    *out++ = static_cast<char>('1' + i);
    *out++ = '|';
    out = WriteUnsigned(out, static_cast<uint64_t>(line.quantity));
    *out++ = '|';
    out = WriteCents(out, line.extended_price_cents);
    *out++ = '|';
    out = WriteText(out, "0.");
    out = WriteTwoDigits(out, static_cast<uint32_t>(line.discount_percent));
    *out++ = '|';
    out = WriteText(out, "0.");
    out = WriteTwoDigits(out, static_cast<uint32_t>(line.tax_percent));
    *out++ = '|';
    *out++ = line.return_flag;
    *out++ = '|';
    *out++ = line.line_status;
    *out++ = '|';
    out = dates.Write(out, line.ship_date);
    *out++ = '|';
    out = dates.Write(out, line.commit_date);
    *out++ = '|';
    out = dates.Write(out, line.receipt_date);
    *out++ = '|';
    out = WriteText(out, kTpchShipInstructions[line.ship_instruction]);
    *out++ = '|';
    out = WriteText(out, kTpchShipModes[line.ship_mode]);
    *out++ = '|';
    out = WriteText(out, line.comment);
    *out++ = '\n';
  }
  file.Commit(out);
}

}  // namespace

void WriteOrdersAndLineitem(const TpchContext& context, OutputFile* orders, OutputFile* lineitem) {
  Random random = context.StreamFor(TpchTable::kOrders);
  const DateTable dates(kStartDate, kLastReceiptDate - kStartDate + 1);
  if (context.header && orders != nullptr) {
    orders->Append(
        "o_orderkey|o_custkey|o_orderstatus|o_totalprice|o_orderdate|o_orderpriority|o_clerk|"
        "o_shippriority|o_comment\n");
  }
  if (context.header && lineitem != nullptr) {
    lineitem->Append(
        "l_orderkey|l_partkey|l_suppkey|l_linenumber|l_quantity|l_extendedprice|l_discount|"
        "l_tax|l_returnflag|l_linestatus|l_shipdate|l_commitdate|l_receiptdate|"
        "l_shipinstruct|l_shipmode|l_comment\n");
  }
  // Order i + 1 is drawn before order i is written, so that the comment text it
  // prefetches from the pool arrives while order i is formatted.
  std::array<Order, 2> buffers;
  if (context.scale.orders >= 1) DrawOrder(random, context, 1, buffers[1]);
  for (int64_t index = 1; index <= context.scale.orders; ++index) {
    const Order& order = buffers[index & 1];
    if (index < context.scale.orders) DrawOrder(random, context, index + 1, buffers[(index + 1) & 1]);
    if (orders != nullptr) WriteOrderRow(order, *orders, dates);
    if (lineitem != nullptr) WriteLineItemRows(order, *lineitem, dates);
  }
}

}  // namespace sluice::datagen
