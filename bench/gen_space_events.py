"""Space-occupancy events for the ETL jobs benchmark (bench/jobs_bench.sh), in the Redshift
UNLOAD dialect: '|' between fields, every non-NULL field double-quoted, NULL as a bare \\N,
a header line of column names, LF line ends.

  python3 bench/gen_space_events.py ROWS FILES OUT_DIR

writes OUT_DIR/events_000.csv … (FILES files of ROWS / FILES rows each; ROWS must be a
multiple of FILES). Columns: event_id (1…ROWS), company_id (1…10), space_id (1…500, 50
per company), event_ts (a whole second in the 30 days 2024-06-01 … 2024-06-30, scattered
so that every file holds every day), people_count (0…59, NULL in 3% of the rows).
Deterministic: every value is a function of event_id (no random state), so the same
arguments give the same bytes everywhere."""
import datetime
import os
import sys

kDays = 30
kSpaces = 500
kSpacesPerCompany = 50
kStart = datetime.datetime(2024, 6, 1)
kHeader = 'event_id|company_id|space_id|event_ts|people_count\n'


def Line(event_id, minutes):
    """The CSV line of one event (LF included); `minutes` holds every minute of the days,
    formatted."""
    mixed = (event_id * 2654435761) % 4294967296  # Knuth's multiplicative hash: scattered, exact
    space_id = mixed % kSpaces + 1
    company_id = (space_id - 1) // kSpacesPerCompany + 1
    second = ((mixed >> 5) * kDays * 86400) >> 27  # 27 bits scaled onto the seconds
    people = '\\N' if (mixed >> 3) % 100 < 3 else f'"{(mixed >> 12) % 60}"'
    return (f'"{event_id}"|"{company_id}"|"{space_id}"|"{minutes[second // 60]}:{second % 60:02d}"'
            f'|{people}\n')


def main():
    rows, files, out_dir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    if rows % files != 0:
        sys.exit('gen_space_events: ROWS must be a multiple of FILES')
    os.makedirs(out_dir, exist_ok=True)
    minutes = [(kStart + datetime.timedelta(minutes=m)).strftime('%Y-%m-%d %H:%M')
               for m in range(kDays * 1440)]
    per_file = rows // files
    for index in range(files):
        path = os.path.join(out_dir, f'events_{index:03d}.csv')
        first = index * per_file + 1
        with open(path, 'w', buffering=1 << 22) as out:
            out.write(kHeader)
            for start in range(first, first + per_file, 100000):
                end = min(start + 100000, first + per_file)
                out.write(''.join(Line(i, minutes) for i in range(start, end)))


if __name__ == '__main__':
    main()
