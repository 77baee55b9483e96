#pragma once
// English month and weekday names, as date/time patterns print and parse them.

#include <array>
#include <string_view>

namespace sluice {

/// January .. December; the short form is the first three letters.
inline constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

/// Monday .. Sunday (ISO order); the short form is the first three letters.
inline constexpr std::array<std::string_view, 7> kDayNames = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

}  // namespace sluice
