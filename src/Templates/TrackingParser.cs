using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PortalRelease.Portal.Templates;

/// <summary>
/// Wraps YamlDotNet's parser to remember how far it got, so that a failure it does not report as a
/// <see cref="YamlException"/> (some malformed flow collections end in an <see cref="InvalidOperationException"/>)
/// can still be placed in the text. Also counts aliases, which can multiply a small text into a large tree.
/// </summary>
internal sealed class TrackingParser(IParser inner) : IParser
{
    private readonly IParser _inner = inner;
    private int _depth;

    public ParsingEvent? Current => _inner.Current;

    /// <summary>The end of the last event read successfully.</summary>
    public Mark LastGood { get; private set; } = Mark.Empty;

    public int AliasCount { get; private set; }

    public Mark? FirstAliasOverLimit { get; private set; }

    /// <summary>
    /// Reads the next event. Refuses collections nested deeper than <see cref="TemplateParser.MaxDepth"/>: YamlDotNet's
    /// representation model loads them recursively, and a hostile text could otherwise overflow the stack.
    /// </summary>
    public bool MoveNext()
    {
        var moved = _inner.MoveNext();
        if (moved && _inner.Current is { } current)
        {
            LastGood = current.End;
            if (current is SequenceStart or MappingStart && ++_depth > TemplateParser.MaxDepth)
            {
                throw new YamlException(current.Start, current.End, $"values are nested more than {TemplateParser.MaxDepth} levels deep");
            }
            if (current is SequenceEnd or MappingEnd)
            {
                _depth--;
            }
            if (current is AnchorAlias)
            {
                AliasCount++;
                if (AliasCount > TemplateParser.MaxAliases && FirstAliasOverLimit is null)
                {
                    FirstAliasOverLimit = current.Start;
                }
            }
        }
        return moved;
    }
}
