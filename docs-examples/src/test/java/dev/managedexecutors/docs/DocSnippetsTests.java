package dev.managedexecutors.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedexecutors.docs.Snippets.Block;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every Java, YAML and XML snippet of README.md and docs/*.md quotes a file that the build
 * compiles, binds or runs, and equals the quoted region, so the pages cannot drift from the code.
 */
class DocSnippetsTests {
  private static final Set<String> CHECKED = Set.of("java", "yaml", "yml", "xml");

  private static List<Block> blocks() {
    return Snippets.pages().stream().flatMap(page -> Snippets.blocks(page).stream()).toList();
  }

  @Test
  void everyJavaYamlAndXmlSnippetQuotesAFileOfThisModule() {
    assertThat(blocks())
        .filteredOn(block -> CHECKED.contains(block.language()))
        .isNotEmpty()
        .allSatisfy(
            block -> {
              assertThat(block.quoted())
                  .as("%s has no <!-- snippet: file#tag --> line before it", block)
                  .isTrue();
              assertThat(block.file()).as("%s", block).startsWith("docs-examples/src/");
            });
  }

  @Test
  void everyQuotedSnippetEqualsTheRegionOfItsFile() {
    assertThat(blocks())
        .filteredOn(Block::quoted)
        .allSatisfy(
            block ->
                assertThat(block.text())
                    .as("%s quotes %s#%s", block, block.file(), block.tag())
                    .isEqualTo(Snippets.region(block.file(), block.tag())));
  }
}
