using System.Text.Json.Serialization;

namespace Ledger.Domain.Incidents;

/// <summary>A district of Shanghai under its six-digit administrative division code (GB/T 2260).</summary>
public sealed record District(string Code, string Name, string Romanised);

public static class Districts
{
    public static IReadOnlyList<District> Shanghai { get; } =
    [
        new("310101", "黄浦区", "Huangpu"),
        new("310104", "徐汇区", "Xuhui"),
        new("310105", "长宁区", "Changning"),
        new("310106", "静安区", "Jing'an"),
        new("310107", "普陀区", "Putuo"),
        new("310109", "虹口区", "Hongkou"),
        new("310110", "杨浦区", "Yangpu"),
        new("310112", "闵行区", "Minhang"),
        new("310113", "宝山区", "Baoshan"),
        new("310114", "嘉定区", "Jiading"),
        new("310115", "浦东新区", "Pudong"),
        new("310116", "金山区", "Jinshan"),
        new("310117", "松江区", "Songjiang"),
        new("310118", "青浦区", "Qingpu"),
        new("310120", "奉贤区", "Fengxian"),
        new("310151", "崇明区", "Chongming"),
    ];

    public static District? Find(string code) => Shanghai.FirstOrDefault(district => string.Equals(district.Code, code, StringComparison.Ordinal));
}

/// <summary>
/// Where a case is: district code, street (街道/镇), grid cell, and a WGS84 position when the reporter gave one. No free-text
/// address: one a reporter gives may be their own home, a person's data that belongs in the vault, never in the log.
/// </summary>
/// <param name="GridCell">The grid cell's code, which begins with its district's code and a hyphen ("310101-…").</param>
/// <param name="Latitude">Null, with <paramref name="Longitude"/>, for a case located by district and grid cell only (a caller who gave an address, no position).</param>
public sealed record CaseLocation(string District, string Street, string GridCell, double? Latitude, double? Longitude)
{
    /// <summary>A rough box around Shanghai's land and islands: a position outside it cannot be in the city.</summary>
    public const double SouthLatitude = 30.6;
    public const double NorthLatitude = 31.9;
    public const double WestLongitude = 120.8;
    public const double EastLongitude = 122.2;

    /// <summary>Both coordinates are given: the location has a position to check.</summary>
    [JsonIgnore]
    public bool HasPosition => Latitude is not null && Longitude is not null;

    // Derived, and not recorded: a location without a position would read "not in Shanghai" in its event.
    [JsonIgnore]
    public bool IsWgs84 => Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180;

    [JsonIgnore]
    public bool IsInShanghai => Latitude is >= SouthLatitude and <= NorthLatitude && Longitude is >= WestLongitude and <= EastLongitude;
}
