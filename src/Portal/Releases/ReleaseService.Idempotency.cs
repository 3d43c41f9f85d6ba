using System.Text.Json;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases;

/// <summary>
/// Creation with an idempotency key: a retry of a request (same actor, key and canonical request) answers with the
/// release the first one created, however the first answer was lost (a dropped connection, a killed portal, a second
/// click); the same key for a different request creates nothing. Which of two concurrent requests creates is decided
/// by the database (the key's primary key, written with the release), never by this process.
/// </summary>
public sealed partial class ReleaseService
{
    /// <summary>
    /// Creates the release <paramref name="request"/> asks for, once per <paramref name="key"/> of
    /// <paramref name="actor"/> within <see cref="IdempotencyKeyRepository.Retention"/>; without a key, every call creates.
    /// A replayed result has <see cref="CreateReleaseResult.Replayed"/>; a reused key, <see cref="CreateReleaseResult.KeyConflict"/>.
    /// </summary>
    public async Task<CreateReleaseResult> CreateAsync(NewRelease request, AuditActor actor, IdempotencyKey? key, CancellationToken cancellationToken = default)
    {
        if (key is null)
        {
            return await CreateOnceAsync(request, actor, null, cancellationToken);
        }
        var hash = RequestFingerprint.Of(request);
        // A retry is answered before any check: the release exists, whatever would be refused today (a quarantine since).
        if (await idempotencyKeys.FindAsync(actor.Id, key.Value, time.GetUtcNow(), cancellationToken) is { } earlier)
        {
            return await ReplayAsync(earlier, hash, cancellationToken);
        }
        try
        {
            return await CreateOnceAsync(request, actor, (key, hash), cancellationToken);
        }
        catch (IdempotencyKeyTakenException)
        {
            // A request with this key committed while this one was being checked: answer with its release.
            var winner = await idempotencyKeys.FindAsync(actor.Id, key.Value, time.GetUtcNow(), cancellationToken)
                ?? throw new InvalidOperationException("An idempotency key was taken and then not found.");
            return await ReplayAsync(winner, hash, cancellationToken);
        }
    }

    private async Task<CreateReleaseResult> ReplayAsync(IdempotencyRecord earlier, string hash, CancellationToken cancellationToken)
    {
        if (earlier.RequestHash != hash)
        {
            return new CreateReleaseResult(null, new RequestErrors())
            {
                KeyConflict = $"This idempotency key was used at {earlier.CreatedAt:O} for a different request (it created release "
                    + $"{earlier.ReleaseId}). Nothing was created: send a new key for a new request, or the same request to retry.",
            };
        }
        var record = await releases.GetAsync(earlier.ReleaseId, cancellationToken)
            ?? throw new InvalidOperationException($"Release {earlier.ReleaseId} of an idempotency key is missing.");
        var plan = JsonSerializer.Deserialize<ReleasePlan>(record.Plan, JournalJson.Options)!;
        return new CreateReleaseResult(record.Id, new RequestErrors(), plan, record.TemplateName) { Replayed = true };
    }
}
