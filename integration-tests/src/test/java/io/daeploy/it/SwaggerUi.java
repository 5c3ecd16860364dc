package io.daeploy.it;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

/** Swagger UI's "Try it out", clicked as a user clicks it. */
final class SwaggerUi {

    /** What the page shows after Execute. */
    record Answer(String status, String body, String requestUrl) {
    }

    private SwaggerUi() {
    }

    /**
     * Opens the operation whose element id is {@code operation} ({@code operations-<tag>-<operationId>}), tries it
     * out with {@code body} (null: the operation takes none) and returns the answer shown.
     */
    static Answer tryItOut(WebDriver driver, String operation, String body) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        WebElement block = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(operation)));
        block.findElement(By.cssSelector(".opblock-summary")).click();
        wait.until(d -> !block.findElements(By.cssSelector(".try-out__btn")).isEmpty());
        block.findElement(By.cssSelector(".try-out__btn")).click();
        if (body != null) {
            WebElement text = wait.until(d -> block.findElement(By.cssSelector("textarea.body-param__text")));
            // React keeps its own copy of the value: set it the way a typing user would.
            text.clear();
            text.sendKeys(body);
        }
        wait.until(ExpectedConditions.elementToBeClickable(block.findElement(By.cssSelector("button.execute")))).click();
        String response = "#" + operation + " .live-responses-table .response";
        String status = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(response + " .response-col_status")))
                .getText().trim();
        String answer = (String) ((JavascriptExecutor) driver).executeScript(
                "return document.querySelector('" + response + " .response-col_description pre').innerText");
        return new Answer(status, answer, block.findElement(By.cssSelector(".request-url pre")).getText());
    }
}
