namespace Ledger.Api.Identity;

/// <summary>What a bearer token's <c>role</c> claims may say.</summary>
public static class Roles
{
    /// <summary>The city platform's administrators: register agencies, publish the matter catalogue.</summary>
    public const string Admin = "admin";

    /// <summary>An agency's officers: accept, approve, complete; manage their own agency's seal keys.</summary>
    public const string Officer = "officer";

    /// <summary>The citizens' portal agency (一网通办 portal): submits, supplements and withdraws on behalf of applicants.</summary>
    public const string Portal = "portal";

    /// <summary>Auditors: read every stream and its history, and run the full integrity audit. They append nothing.</summary>
    public const string Auditor = "auditor";

    /// <summary>The city's personal-information protection officers (个人信息保护负责人): erase a person's data on a lawful basis.</summary>
    public const string PrivacyOfficer = "privacy-officer";

    /// <summary>
    /// A city operations command centre (城运中心), district or city: registers, dispatches, approves extensions and holds,
    /// closes and supervises cases.
    /// </summary>
    public const string Centre = "centre";

    /// <summary>A grid inspector (网格员): reports cases and verifies on site what a department says it handled.</summary>
    public const string Inspector = "inspector";

    /// <summary>The 12345 citizen hotline: reports what citizens call about and calls them back once a case is closed.</summary>
    public const string Hotline = "hotline";

    /// <summary>Who may read the city's cases, boards and overview.</summary>
    public const string CaseReaders = Admin + "," + Auditor + "," + Officer + "," + Centre + "," + Inspector + "," + Hotline;

    /// <summary>Who may erase a person's data.</summary>
    public const string ErasersAndAdmins = Admin + "," + PrivacyOfficer;

    /// <summary>Who may read the record of disclosures and erasures.</summary>
    public const string PrivacyReaders = Admin + "," + Auditor + "," + PrivacyOfficer;

    /// <summary>Who may use the audit endpoints.</summary>
    public const string AuditorsAndAdmins = Admin + "," + Auditor;
}
