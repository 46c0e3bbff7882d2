# Today in Poland, or -AddDays from it, as an invoice's P_1 writes it. KSeF compares issue dates with Poland's calendar:
# between midnight there and midnight UTC the UTC date is yesterday's there, and an invoice dated yesterday KSeF takes as
# issued offline. Dot-sourced by the tests, the benchmarks and the demo, which make invoices dated today.
function Get-PolishDate([int] $AddDays = 0) {
    [TimeZoneInfo]::ConvertTime([DateTimeOffset]::UtcNow, [TimeZoneInfo]::FindSystemTimeZoneById('Europe/Warsaw')).AddDays($AddDays).ToString('yyyy-MM-dd')
}
