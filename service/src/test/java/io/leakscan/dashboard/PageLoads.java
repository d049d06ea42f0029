package io.leakscan.dashboard;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

/** How the dashboard's browser tests wait for the page an action loads; one place, so every test waits the same way. */
final class PageLoads {

    private PageLoads() {
    }

    /**
     * Runs an action that loads another page and returns once that page has loaded. A key press or click that submits
     * a form can return before the navigation it started has finished, so reading the URL or an element straight
     * after it would race the browser (and did, on a loaded CI machine).
     */
    static void loadsNextPage(WebDriver driver, Runnable action) {
        WebElement before = driver.findElement(By.tagName("html"));
        action.run();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(d -> stale(before));
        wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /**
     * Whether the element belongs to a page that is gone. Chromium says so with a stale-element error, or, when the
     * old document is torn down at the moment of asking, with "Node with given id does not belong to the document".
     */
    static boolean stale(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }
}
