#include "base/timestamp.h"

#include <stdint.h>
#include <stdio.h>

namespace berth {
namespace {

struct CivilDate {
  int64_t year;
  unsigned month, day;
};

// Days since 1970-01-01 to the proleptic Gregorian date (Howard Hinnant's days-to-civil
// algorithm: eras of 400 years, years counted from March so that February comes last).
CivilDate civil_from_days(int64_t days) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  unsigned day_of_era = static_cast<unsigned>(days - era * 146097);
  unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  unsigned month_from_march = (5 * day_of_year + 2) / 153;
  unsigned day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
  unsigned month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
  int64_t year = static_cast<int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

}  // namespace

std::string rfc3339_utc(const struct timespec& time) {
  int64_t seconds = time.tv_sec;
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  int64_t second_of_day = seconds - days * 86400;
  CivilDate date = civil_from_days(days);
  char buffer[64];
  snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%09ldZ",
           static_cast<long long>(date.year), date.month, date.day,
           static_cast<long long>(second_of_day / 3600), static_cast<long long>(second_of_day / 60 % 60),
           static_cast<long long>(second_of_day % 60), static_cast<long>(time.tv_nsec));
  return buffer;
}

std::string rfc3339_utc_now() {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  return rfc3339_utc(now);
}

}  // namespace berth
