#pragma once
// Value domains of TPC-H (specification clauses 4.2.2.13 and 4.2.3): the fixed
// word lists from which names, types and categorical columns are drawn.

#include <array>
#include <string_view>

namespace sluice::datagen {

/// A row of the fixed NATION table.
struct TpchNation {
  std::string_view name;
  int region_key;
};

inline constexpr std::array<std::string_view, 5> kTpchRegions = {
    "AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};

inline constexpr std::array<TpchNation, 25> kTpchNations = {{
    {"ALGERIA", 0},      {"ARGENTINA", 1}, {"BRAZIL", 1},       {"CANADA", 1},
    {"EGYPT", 4},        {"ETHIOPIA", 0},  {"FRANCE", 3},       {"GERMANY", 3},
    {"INDIA", 2},        {"INDONESIA", 2}, {"IRAN", 4},         {"IRAQ", 4},
    {"JAPAN", 2},        {"JORDAN", 4},    {"KENYA", 0},        {"MOROCCO", 0},
    {"MOZAMBIQUE", 0},   {"PERU", 1},      {"CHINA", 2},        {"ROMANIA", 3},
    {"SAUDI ARABIA", 4}, {"VIETNAM", 2},   {"RUSSIA", 3},       {"UNITED KINGDOM", 3},
    {"UNITED STATES", 1},
}};

/// P_NAME is five distinct words of this list.
inline constexpr std::array<std::string_view, 92> kTpchColors = {
    "almond",    "antique",   "aquamarine", "azure",     "beige",     "bisque",
    "black",     "blanched",  "blue",       "blush",     "brown",     "burlywood",
    "burnished", "chartreuse", "chiffon",   "chocolate", "coral",     "cornflower",
    "cornsilk",  "cream",     "cyan",       "dark",      "deep",      "dim",
    "dodger",    "drab",      "firebrick",  "floral",    "forest",    "frosted",
    "gainsboro", "ghost",     "goldenrod",  "green",     "grey",      "honeydew",
    "hot",       "indian",    "ivory",      "khaki",     "lace",      "lavender",
    "lawn",      "lemon",     "light",      "lime",      "linen",     "magenta",
    "maroon",    "medium",    "metallic",   "midnight",  "mint",      "misty",
    "moccasin",  "navajo",    "navy",       "olive",     "orange",    "orchid",
    "pale",      "papaya",    "peach",      "peru",      "pink",      "plum",
    "powder",    "puff",      "purple",     "red",       "rose",      "rosy",
    "royal",     "saddle",    "salmon",     "sandy",     "seashell",  "sienna",
    "sky",       "slate",     "smoke",      "snow",      "spring",    "steel",
    "tan",       "thistle",   "tomato",     "turquoise", "violet",    "wheat",
    "white",     "yellow"};

static_assert(!kTpchColors.back().empty(), "kTpchColors must list all 92 colors");

/// P_TYPE is one word of each of the three syllable lists (150 combinations).
inline constexpr std::array<std::string_view, 6> kTpchTypeSize = {
    "STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"};
inline constexpr std::array<std::string_view, 5> kTpchTypeFinish = {
    "ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"};
inline constexpr std::array<std::string_view, 5> kTpchTypeMaterial = {
    "TIN", "NICKEL", "BRASS", "STEEL", "COPPER"};

/// P_CONTAINER is one word of each of the two syllable lists (40 combinations).
inline constexpr std::array<std::string_view, 5> kTpchContainerSize = {
    "SM", "LG", "MED", "JUMBO", "WRAP"};
inline constexpr std::array<std::string_view, 8> kTpchContainerKind = {
    "CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"};

inline constexpr std::array<std::string_view, 5> kTpchSegments = {
    "AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD"};

inline constexpr std::array<std::string_view, 5> kTpchPriorities = {
    "1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"};

inline constexpr std::array<std::string_view, 4> kTpchShipInstructions = {
    "DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};

inline constexpr std::array<std::string_view, 7> kTpchShipModes = {
    "REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};

}  // namespace sluice::datagen
