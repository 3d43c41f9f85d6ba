using System.Security.Cryptography;

namespace PortalRelease.Portal.Identity.Local;

/// <summary>
/// A password the portal makes for someone else to type once (the first admin's, a new user's, a reset): 24 characters
/// from an alphabet without look-alikes (about 140 bits), read off a screen or a console without mistakes.
/// </summary>
internal static class OneTimePassword
{
    public const int Length = 24;
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);
}
