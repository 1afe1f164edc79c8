using Cpupolicy.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Cpupolicy.Compiler.Inventory;

/// <summary>
/// Loads the first YAML (or JSON) document into a <see cref="YamlNode"/> tree from YamlDotNet's event stream, without
/// recursion and with limits: nesting depth, node count, and no aliases (Kubernetes never writes them, and expanding
/// them is the YAML "billion laughs"). Errors carry the parser's line and column.
/// </summary>
internal static class BoundedYaml
{
    public const int MaxDepth = 64;
    public const int MaxNodes = 1_000_000;

    /// <summary>The tree, and whether another document follows the first.</summary>
    public static (YamlNode Root, bool MoreDocuments) Load(string text, string path)
    {
        try
        {
            var parser = new Parser(new StringReader(text));
            var stack = new Stack<(YamlNode Node, string? PendingKey)>();
            YamlNode? root = null;
            var nodes = 0;
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                switch (e)
                {
                    case StreamStart or DocumentStart:
                        break;
                    case DocumentEnd:
                        return (root!, MoreDocumentsFollow(parser));
                    case StreamEnd:
                        break;
                    case AnchorAlias alias:
                        throw Fail(DiagnosticCatalog.KubevirtNodeInvalid, path, alias.Start, $"YAML alias `*{alias.Value}` is not accepted (cpupolicy reads Kubernetes YAML without aliases)", "write the object out in full, as `kubectl get ... -o yaml` does (kubectl never emits aliases)");
                    case MappingStart or SequenceStart:
                        if (stack.Count >= MaxDepth)
                        {
                            throw Fail(DiagnosticCatalog.InventoryTooDeep, path, e.Start, $"the document nests more than {MaxDepth} levels deep", "no Kubernetes node nests this deep; is this the right file?");
                        }

                        var container = e is MappingStart
                            ? YamlNode.NewMapping(Line(e.Start), Column(e.Start))
                            : YamlNode.NewSequence(Line(e.Start), Column(e.Start));
                        Attach(stack, ref root, container, e.Start, path);
                        stack.Push((container, null));
                        nodes++;
                        break;
                    case MappingEnd or SequenceEnd:
                        stack.Pop();
                        break;
                    case Scalar scalar:
                        if (stack.TryPeek(out var top) && top.Node.Mapping is not null && top.PendingKey is null)
                        {
                            stack.Pop();
                            stack.Push((top.Node, scalar.Value));
                        }
                        else
                        {
                            Attach(stack, ref root, YamlNode.NewScalar(scalar.Value, Line(e.Start), Column(e.Start)), e.Start, path);
                        }

                        nodes++;
                        break;
                }

                if (nodes > MaxNodes)
                {
                    throw Fail(DiagnosticCatalog.KubevirtNodeInvalid, path, e.Start, $"the document has more than {MaxNodes} nodes", "a Kubernetes node is a few hundred lines; is this the right file?");
                }
            }

            if (root is null)
            {
                throw InventoryErrors.File(DiagnosticCatalog.InventoryEmpty, path, "the YAML file holds no document");
            }

            return (root, false);
        }
        catch (YamlException e)
        {
            throw Fail(DiagnosticCatalog.KubevirtNodeInvalid, path, e.Start, $"not valid YAML/JSON: {e.Message}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet 16's scanner throws these instead of a YamlException on some malformed input: a stray plain
            // scalar in a flow collection, a `%TAG` directive with an empty prefix, a tag that is not a URI (found by
            // the fuzzer, fuzz/README.md). Still a syntax error in the file, so a diagnostic, never an internal failure.
            var reason = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message;
            throw InventoryErrors.File(DiagnosticCatalog.KubevirtNodeInvalid, path, $"not valid YAML/JSON: {reason}");
        }
    }

    private static void Attach(Stack<(YamlNode Node, string? PendingKey)> stack, ref YamlNode? root, YamlNode node, Mark at, string path)
    {
        if (stack.Count == 0)
        {
            root = node;
            return;
        }

        var (parent, key) = stack.Pop();
        if (parent.Sequence is not null)
        {
            parent.Sequence.Add(node);
            stack.Push((parent, null));
        }
        else if (key is null)
        {
            throw Fail(DiagnosticCatalog.KubevirtNodeInvalid, path, at, "a mapping key must be a plain string, not a mapping or a list");
        }
        else
        {
            parent.Mapping!.Add(new KeyValuePair<string, YamlNode>(key, node));
            stack.Push((parent, null));
        }
    }

    private static bool MoreDocumentsFollow(Parser parser) => parser.MoveNext() && parser.Current is DocumentStart;

    private static int Line(Mark mark) => (int)Math.Max(1, mark.Line);

    private static int Column(Mark mark) => (int)Math.Max(1, mark.Column);

    private static DiagnosticException Fail(DiagnosticDescriptor d, string path, Mark at, string message, string? hint = null) =>
        InventoryErrors.At(d, path, Line(at), Column(at), message, hint);
}
