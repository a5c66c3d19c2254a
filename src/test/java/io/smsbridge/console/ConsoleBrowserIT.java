package io.smsbridge.console;

import static io.smsbridge.support.BridgeClient.newPhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.smsbridge.outbound.OutboundApi;
import io.smsbridge.outbound.OutboundLedger;
import io.smsbridge.outbound.OutboundRecord;
import io.smsbridge.outbound.OutboundValidator;
import io.smsbridge.sms.PhoneMask;
import io.smsbridge.support.BridgeClient;
import io.smsbridge.support.SmsBridgeIntegrationTest;
import io.smsbridge.support.TwilioWebhookSender;
import io.smsbridge.twilio.TwilioProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console in a real browser: headless Chromium (Debian's chromium and chromium-driver, installed by .ci/run)
 * driven by Selenium, against the whole bridge on its embedded defaults. Screenshots of each page go to
 * target/console-screenshots/ (the README's images are made by this test). Outside CI a machine without Chromium
 * skips it, saying so; under CI (.ci/run sets CI) a missing browser fails it.
 */
@SmsBridgeIntegrationTest
class ConsoleBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "console-screenshots");

    static WebDriver browser;

    @Autowired
    BridgeClient bridge;
    @Autowired
    OutboundLedger ledger;
    @Autowired
    OutboundValidator validator;

    @BeforeAll
    static void startTheBrowser() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") != null) {
            assertThat(installed).as("chromium and chromium-driver (.ci/run installs them)").isTrue();
        }
        assumeTrue(installed, "not installed: Debian's chromium and chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                "--disable-gpu", "--lang=en-US");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(), options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorFindsAMessageByItsLastDigitsAndSeesItDelivered() throws Exception {
        String phone = newPhone();
        String key = "browser-" + UUID.randomUUID();
        assertThat(bridge.post("/api/messages", "{\"to\":\"" + phone + "\",\"body\":\"Your parcel arrives today\",\"idempotencyKey\":\"" + key + "\"}",
                OutboundApi.SANDBOX_API_KEY, "application/json").statusCode()).isEqualTo(202);
        OutboundRecord delivered = bridge.awaitStatus(key, "delivered");
        logIn("operator", "operator");

        open("/console/messages");
        browser.findElement(By.id("phone")).sendKeys(phone.substring(phone.length() - 4));
        browser.findElement(By.id("search")).click();
        WebElement row = waitFor(By.xpath("//table[@id='messages']//tr[td[contains(., '" + key + "')]]"));
        shot("messages");
        row.findElement(By.tagName("a")).click();

        assertThat(waitFor(By.id("message-status")).getText()).isEqualTo("delivered");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("accepted", "sent", "delivered");
        assertThat(browser.getCurrentUrl()).endsWith("/console/messages/" + delivered.id());
        shot("message");
        logOut();
    }

    @Test
    void theOverviewUpdatesItselfFromTheBridgesMetrics() throws Exception {
        logIn("viewer", "viewer");
        open("/console");
        WebElement live = waitFor(By.id("live"));
        for (int i = 0; i < 5; i++) {
            assertThat(bridge.post("/api/messages", "{\"to\":\"" + newPhone() + "\",\"body\":\"overview\",\"idempotencyKey\":\"overview-"
                    + UUID.randomUUID() + "\"}", OutboundApi.SANDBOX_API_KEY, "application/json").statusCode()).isEqualTo(202);
        }
        // htmx replaces the live part every 5 s with what the metrics say now
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(live));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElement(By.id("rate-accepted")).getText().equals("0"));
        assertThat(browser.findElement(By.id("circuit")).getText()).isEqualTo("closed");
        shot("overview");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844)); // a phone's screen
        try {
            assertThat(browser.findElement(By.linkText("Queues")).isDisplayed()).as("the navigation fits a phone").isTrue();
            shot("overview-phone");
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
        logOut();
    }

    @Test
    void helpTextedFromThePhoneSimulatorIsAnsweredInTheThread() throws Exception {
        String phone = newPhone();
        logIn("operator", "operator");
        open("/console/phone?number=" + phone.replace("+", "%2B"));
        browser.findElement(By.id("text")).sendKeys("HELP");
        browser.findElement(By.id("send-text")).click();

        // the thread re-fetches itself (htmx, every 2 s) until the bridge's answer is there
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("thread"), "text your question"));
        assertThat(browser.findElement(By.id("thread")).getText()).contains("HELP");
        shot("phone");

        open("/console/conversations?phone=" + phone.replace("+", "%2B"));
        assertThat(waitFor(By.id("conversation")).getText()).contains("HELP", "text your question");
        shot("conversation");
        logOut();
    }

    @Test
    void aParkedReportIsReleasedFromTheQueuesPageAndAppliedWhileAViewerCannotRelease() throws Exception {
        // a message whose create's answer was lost: its status callback names a SID the bridge does not know, and parks
        OutboundRecord pending = ledger.accept(validator.validate("{\"to\":\"" + newPhone() + "\",\"body\":\"lost answer\"}",
                "browser-parked-" + UUID.randomUUID()).message()).record();
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> report = new LinkedHashMap<>();
        report.put("AccountSid", TwilioProperties.SANDBOX_ACCOUNT_SID);
        report.put("MessageSid", sid);
        report.put("SmsSid", sid);
        report.put("MessageStatus", "delivered");
        report.put("SmsStatus", "delivered");
        report.put("To", pending.to());
        report.put("From", pending.sender());
        report.put("ApiVersion", "2010-04-01");
        assertThat(new TwilioWebhookSender(TwilioProperties.SANDBOX_AUTH_TOKEN).post(bridge.baseUrl() + "/twilio/status", report)
                .statusCode()).isEqualTo(200);
        BridgeClient.await(() -> bridge.parked("sms.status.dead-letter").path("messages").findValuesAsText("SmsBridgeMessageSid")
                .contains(sid) ? java.util.Optional.of(true) : java.util.Optional.empty(), Duration.ofSeconds(30), "the report parked");

        logIn("viewer", "viewer");
        open("/console/queues");
        assertThat(browser.findElement(By.id("parked-sms.status.dead-letter")).getText()).contains(sid);
        assertThat(browser.findElements(By.id("release-selected-sms.status.dead-letter"))).as("a viewer has no release button").isEmpty();
        shot("queues-viewer");
        logOut();

        // the SID turns up (found in Twilio's console), so the operator releases the report, which now applies
        ledger.markSent(pending.id(), sid, "queued", null, null, null);
        logIn("operator", "operator");
        open("/console/queues");
        WebElement parked = browser.findElement(By.id("parked-sms.status.dead-letter"));
        parked.findElement(By.xpath(".//tr[td[contains(., '" + sid + "')]]//input[@type='checkbox']")).click();
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        shot("queues");
        parked.findElement(By.id("release-selected-sms.status.dead-letter")).click();

        assertThat(waitFor(By.cssSelector("p.notice")).getText()).contains("Released 1 message(s) from sms.status.dead-letter");
        assertThat(browser.findElement(By.id("parked-sms.status.dead-letter")).getText()).doesNotContain(sid);
        BridgeClient.await(() -> ledger.find(pending.id()).filter(m -> m.status().equals("delivered")), Duration.ofSeconds(15),
                "the released report applied");
        open("/console/messages/" + pending.id());
        assertThat(waitFor(By.id("message-status")).getText()).isEqualTo("delivered");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("released", "by console:operator from sms.status.dead-letter");
        open("/console/audit");
        assertThat(browser.findElement(By.id("audit")).getText()).contains("operator", "release", "sms.status.dead-letter");
        shot("audit");
        open("/console/opt-outs");
        shot("opt-outs");
        open("/console/mail");
        shot("mail");
        logOut();
    }

    @Test
    void aLoggedOutVisitorIsSentToTheLoginPageAndAViewerSeesMaskedNumbers() throws Exception {
        open("/console/queues");
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
        shot("login");

        String phone = newPhone();
        String key = "browser-viewer-" + UUID.randomUUID();
        assertThat(bridge.post("/api/messages", "{\"to\":\"" + phone + "\",\"body\":\"masked\",\"idempotencyKey\":\"" + key + "\"}",
                OutboundApi.SANDBOX_API_KEY, "application/json").statusCode()).isEqualTo(202);
        bridge.awaitStatus(key, "delivered");
        logIn("viewer", "viewer");
        open("/console/messages?key=" + key);
        String table = waitFor(By.id("messages")).getText();
        assertThat(table).contains(PhoneMask.maskAlways(phone)).doesNotContain(phone);
        logOut();
    }

    private void logIn(String user, String password) {
        open("/console/login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("log-in")).click();
        assertThat(waitFor(By.id("user-name")).getText()).isEqualTo(user);
    }

    private void logOut() {
        browser.findElement(By.xpath("//form[contains(@class,'who')]//button")).click();
        waitFor(By.id("log-in"));
    }

    private void open(String path) {
        browser.get(bridge.baseUrl() + path);
    }

    private WebElement waitFor(By what) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    private void shot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
