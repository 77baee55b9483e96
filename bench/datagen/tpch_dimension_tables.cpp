// REGION, NATION, SUPPLIER, CUSTOMER, PART and PARTSUPP (clause 4.2.3).

#include <array>

#include "field_format.h"
#include "tpch_domains.h"
#include "tpch_tables.h"

namespace sluice::datagen {

namespace {

/// Characters of a TPC-H "v-string" (addresses): exactly 64, so one draw of 64 bits
/// yields ten characters.
constexpr std::string_view kAddressAlphabet =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ,";
static_assert(kAddressAlphabet.size() == 64);

/// Writes "<prefix>" followed by `key` padded to nine digits ("Customer#000000001").
char* WriteKeyName(char* out, std::string_view prefix, int64_t key) {
  out = WriteText(out, prefix);
  return WritePadded(out, static_cast<uint64_t>(key), 9);
}

/// Random v-string of 10..40 characters.
char* WriteAddress(char* out, Random& random) {
  const auto length = random.Between(10, 40);
  uint64_t bits = 0;
  for (int64_t i = 0; i < length; ++i) {
    if (i % 10 == 0) bits = random.Next();
    *out++ = kAddressAlphabet[bits & 63];
    bits >>= 6;
  }
  return out;
}

/// "NN-NNN-NNN-NNNN" whose country code is nation_key + 10.
char* WritePhone(char* out, Random& random, int64_t nation_key) {
  out = WriteTwoDigits(out, static_cast<uint32_t>(nation_key + 10));
  *out++ = '-';
  out = WriteUnsigned(out, static_cast<uint64_t>(random.Between(100, 999)));
  *out++ = '-';
  out = WriteUnsigned(out, static_cast<uint64_t>(random.Between(100, 999)));
  *out++ = '-';
  return WriteUnsigned(out, static_cast<uint64_t>(random.Between(1000, 9999)));
}

/// S_COMMENT of 25..100 characters; about 5 per 10,000 suppliers read
/// "...Customer ...Complaints..." and as many "...Customer ...Recommends..." (Q16).
char* WriteSupplierComment(char* out, Random& random, const TextPool& text) {
  const std::string_view comment = text.Pick(random, 25, 100);
  const uint64_t special = random.Below(2000);
  if (special >= 2) return WriteText(out, comment);
  constexpr std::string_view kCustomer = "Customer ";
  const std::string_view ending = special == 0 ? "Complaints" : "Recommends";
  const size_t noise = comment.size() - kCustomer.size() - ending.size();
  const size_t before = random.Below(noise + 1);
  const size_t middle = random.Below(noise - before + 1);
  out = WriteText(out, comment.substr(0, before));
  out = WriteText(out, kCustomer);
  out = WriteText(out, comment.substr(before, middle));
  out = WriteText(out, ending);
  return WriteText(out, comment.substr(before + middle, noise - before - middle));
}

/// P_NAME: five distinct color words separated by spaces.
char* WritePartName(char* out, Random& random) {
  std::array<uint64_t, 5> chosen{};
  for (size_t i = 0; i < chosen.size(); ++i) {
    bool repeated = true;
    while (repeated) {
      chosen[i] = random.Below(kTpchColors.size());
      repeated = false;
      for (size_t j = 0; j < i; ++j) repeated |= chosen[j] == chosen[i];
    }
    if (i > 0) *out++ = ' ';
    out = WriteText(out, kTpchColors[chosen[i]]);
  }
  return out;
}

template <size_t N>
char* WriteChoice(char* out, Random& random, const std::array<std::string_view, N>& words) {
  return WriteText(out, words[random.Below(N)]);
}

}  // namespace

void WriteRegionTable(const TpchContext& context, OutputFile& file) {
  Random random = context.StreamFor(TpchTable::kRegion);
  if (context.header) file.Append("r_regionkey|r_name|r_comment\n");
  for (size_t key = 0; key < kTpchRegions.size(); ++key) {
    char* out = file.Reserve(kMaxTblLineBytes);
    out = WriteUnsigned(out, key);
    *out++ = '|';
    out = WriteText(out, kTpchRegions[key]);
    *out++ = '|';
    out = WriteText(out, context.text.Pick(random, 31, 115));
    *out++ = '\n';
    file.Commit(out);
  }
}

void WriteNationTable(const TpchContext& context, OutputFile& file) {
  Random random = context.StreamFor(TpchTable::kNation);
  if (context.header) file.Append("n_nationkey|n_name|n_regionkey|n_comment\n");
  for (size_t key = 0; key < kTpchNations.size(); ++key) {
    char* out = file.Reserve(kMaxTblLineBytes);
    out = WriteUnsigned(out, key);
    *out++ = '|';
    out = WriteText(out, kTpchNations[key].name);
    *out++ = '|';
    out = WriteUnsigned(out, static_cast<uint64_t>(kTpchNations[key].region_key));
    *out++ = '|';
    out = WriteText(out, context.text.Pick(random, 31, 114));
    *out++ = '\n';
    file.Commit(out);
  }
}

void WriteSupplierTable(const TpchContext& context, OutputFile& file) {
  Random random = context.StreamFor(TpchTable::kSupplier);
  if (context.header) {
    file.Append("s_suppkey|s_name|s_address|s_nationkey|s_phone|s_acctbal|s_comment\n");
  }
  for (int64_t key = 1; key <= context.scale.suppliers; ++key) {
    const int64_t nation_key = random.Between(0, 24);
    char* out = file.Reserve(kMaxTblLineBytes);
    out = WriteUnsigned(out, static_cast<uint64_t>(key));
    *out++ = '|';
    out = WriteKeyName(out, "Supplier#", key);
    *out++ = '|';
    out = WriteAddress(out, random);
    *out++ = '|';
    out = WriteUnsigned(out, static_cast<uint64_t>(nation_key));
    *out++ = '|';
    out = WritePhone(out, random, nation_key);
    *out++ = '|';
    out = WriteCents(out, random.Between(-99'999, 999'999));
    *out++ = '|';
    out = WriteSupplierComment(out, random, context.text);
    *out++ = '\n';
    file.Commit(out);
  }
}

void WriteCustomerTable(const TpchContext& context, OutputFile& file) {
  Random random = context.StreamFor(TpchTable::kCustomer);
  if (context.header) {
    file.Append(
        "c_custkey|c_name|c_address|c_nationkey|c_phone|c_acctbal|c_mktsegment|c_comment\n");
  }
  for (int64_t key = 1; key <= context.scale.customers; ++key) {
    const int64_t nation_key = random.Between(0, 24);
    char* out = file.Reserve(kMaxTblLineBytes);
    out = WriteUnsigned(out, static_cast<uint64_t>(key));
    *out++ = '|';
    out = WriteKeyName(out, "Customer#", key);
    *out++ = '|';
    out = WriteAddress(out, random);
    *out++ = '|';
    out = WriteUnsigned(out, static_cast<uint64_t>(nation_key));
    *out++ = '|';
    out = WritePhone(out, random, nation_key);
    *out++ = '|';
    out = WriteCents(out, random.Between(-99'999, 999'999));
    *out++ = '|';
    out = WriteChoice(out, random, kTpchSegments);
    *out++ = '|';
    out = WriteText(out, context.text.Pick(random, 29, 116));
    *out++ = '\n';
    file.Commit(out);
  }
}

void WritePartTable(const TpchContext& context, OutputFile& file) {
  Random random = context.StreamFor(TpchTable::kPart);
  if (context.header) {
    file.Append(
        "p_partkey|p_name|p_mfgr|p_brand|p_type|p_size|p_container|p_retailprice|p_comment\n");
  }
  for (int64_t key = 1; key <= context.scale.parts; ++key) {
    char* out = file.Reserve(kMaxTblLineBytes);
    out = WriteUnsigned(out, static_cast<uint64_t>(key));
    *out++ = '|';
    out = WritePartName(out, random);
    *out++ = '|';
    const auto manufacturer = static_cast<uint64_t>(random.Between(1, 5));
    out = WriteText(out, "Manufacturer#");
    out = WriteUnsigned(out, manufacturer);
    *out++ = '|';
    out = WriteText(out, "Brand#");
    out = WriteUnsigned(out, manufacturer * 10 + static_cast<uint64_t>(random.Between(1, 5)));
    *out++ = '|';
    out = WriteChoice(out, random, kTpchTypeSize);
    *out++ = ' ';
    out = WriteChoice(out, random, kTpchTypeFinish);
    *out++ = ' ';
    out = WriteChoice(out, random, kTpchTypeMaterial);
    *out++ = '|';
    out = WriteUnsigned(out, static_cast<uint64_t>(random.Between(1, 50)));
    *out++ = '|';
    out = WriteChoice(out, random, kTpchContainerSize);
    *out++ = ' ';
    out = WriteChoice(out, random, kTpchContainerKind);
    *out++ = '|';
    out = WriteCents(out, RetailPriceCents(key));
    *out++ = '|';
    out = WriteText(out, context.text.Pick(random, 5, 22));
    *out++ = '\n';
    file.Commit(out);
  }
}

void WritePartSuppTable(const TpchContext& context, OutputFile& file) {
  Random random = context.StreamFor(TpchTable::kPartSupp);
  if (context.header) file.Append("ps_partkey|ps_suppkey|ps_availqty|ps_supplycost|ps_comment\n");
  for (int64_t part_key = 1; part_key <= context.scale.parts; ++part_key) {
    for (int64_t slot = 0; slot < 4; ++slot) {
      char* out = file.Reserve(kMaxTblLineBytes);
      out = WriteUnsigned(out, static_cast<uint64_t>(part_key));
      *out++ = '|';
      out = WriteUnsigned(out, static_cast<uint64_t>(context.part_suppliers.Supplier(part_key, slot)));
      *out++ = '|';
      out = WriteUnsigned(out, static_cast<uint64_t>(random.Between(1, 9'999)));
      *out++ = '|';
      out = WriteCents(out, random.Between(100, 100'000));
      *out++ = '|';
      out = WriteText(out, context.text.Pick(random, 49, 198));
      *out++ = '\n';
      file.Commit(out);
    }
  }
}

}  // namespace sluice::datagen
